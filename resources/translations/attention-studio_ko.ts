<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>No file name given</source>
        <translation>파일 이름이 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: 폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot write the figure</source>
        <translation>%1: 그림을 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot replace the file</source>
        <translation>%1: 파일을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>Encoder self-attention</source>
        <translation>인코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>디코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>크로스 어텐션</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an epoch number (expected e.g. 1,5,10)</source>
        <translation>&apos;%1&apos;은(는) 에폭 번호가 아닙니다 (예: 1,5,10)</translation>
    </message>
    <message>
        <source>%1, layer %2%3</source>
        <translation>%1, 레이어 %2%3</translation>
    </message>
    <message>
        <source>, all heads</source>
        <translation>, 모든 헤드</translation>
    </message>
    <message>
        <source>, head %1</source>
        <translation>, 헤드 %1</translation>
    </message>
    <message>
        <source>%1 · step %2</source>
        <translation>%1 · 스텝 %2</translation>
    </message>
    <message>
        <source>%1: how attention formed</source>
        <translation>%1: 어텐션이 형성된 과정</translation>
    </message>
    <message>
        <source>attention weight</source>
        <translation>어텐션 가중치</translation>
    </message>
    <message>
        <source>no probe example %1</source>
        <translation>프로브 예제 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>no layer %1: the model has %2</source>
        <translation>레이어 %1이(가) 없습니다: 모델의 레이어는 %2개입니다</translation>
    </message>
    <message>
        <source>no head %1: the layer has %2</source>
        <translation>헤드 %1이(가) 없습니다: 레이어의 헤드는 %2개입니다</translation>
    </message>
    <message>
        <source>epoch %1
step %2</source>
        <translation>에폭 %1
스텝 %2</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>헤드 %1</translation>
    </message>
    <message>
        <source>Q/K/V norms over training (mean over heads)</source>
        <translation>학습 중 Q/K/V 노름 (헤드 평균)</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>레이어 %1</translation>
    </message>
    <message>
        <source>%1: no snapshots were captured, so there are no attention figures</source>
        <translation>%1: 캡처된 스냅샷이 없어 어텐션 그림이 없습니다</translation>
    </message>
    <message>
        <source>attention_evolution: epoch %1 has no epoch-end snapshot</source>
        <translation>attention_evolution: 에폭 %1에는 에폭 종료 스냅샷이 없습니다</translation>
    </message>
    <message>
        <source>decoder %1</source>
        <translation>디코더 %1</translation>
    </message>
    <message>
        <source>encoder %1</source>
        <translation>인코더 %1</translation>
    </message>
    <message>
        <source>line %1: not a JSON object from attention-train --bench</source>
        <translation>%1행: attention-train --bench가 출력한 JSON 객체가 아닙니다</translation>
    </message>
    <message>
        <source>no ceiling: the input needs --bench matmul and --bench bandwidth lines</source>
        <translation>상한이 없습니다: 입력에 --bench matmul과 --bench bandwidth 결과 행이 필요합니다</translation>
    </message>
    <message>
        <source>Roofline of this machine (fp32, LibTorch on the CPU)</source>
        <translation>이 컴퓨터의 루프라인 (fp32, CPU의 LibTorch)</translation>
    </message>
    <message>
        <source>arithmetic intensity (FLOP per byte moved, estimated)</source>
        <translation>산술 강도 (옮긴 바이트당 FLOP, 추정)</translation>
    </message>
    <message>
        <source>GFLOP/s</source>
        <translation>GFLOP/s</translation>
    </message>
    <message>
        <source>%1 thread%2: %3 GFLOP/s GEMM, %4 GB/s</source>
        <translation>스레드 %1개%2: GEMM %3 GFLOP/s, %4 GB/s</translation>
    </message>
    <message>
        <source>%1, %2 thr.: %3 GFLOP/s (%4% of GEMM)</source>
        <translation>%1, 스레드 %2: %3 GFLOP/s (GEMM의 %4%)</translation>
    </message>
</context>
<context>
    <name>attn::Config</name>
    <message>
        <source>%1: %2 is outside the allowed range %3..%4</source>
        <translation>%1: %2은(는) 허용 범위 %3..%4를 벗어났습니다</translation>
    </message>
    <message>
        <source>heads: d_model %1 is not divisible by %2 heads; choose a divisor of d_model (§3.2.2: d_k = d_model / h)</source>
        <translation>heads: d_model %1은(는) 헤드 %2개로 나누어떨어지지 않습니다. d_model의 약수를 고르세요 (§3.2.2: d_k = d_model / h)</translation>
    </message>
    <message>
        <source>dropout: %1 is outside [0, 1)</source>
        <translation>dropout: %1은(는) [0, 1) 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>shared_vocab: source and target vocabularies differ (%1 vs %2); a shared vocabulary needs equal sizes</source>
        <translation>shared_vocab: 소스와 타깃 어휘의 크기가 다릅니다 (%1 대 %2). 공유 어휘는 크기가 같아야 합니다</translation>
    </message>
    <message>
        <source>%1: %2 must be at least %3</source>
        <translation>%1: %2은(는) %3 이상이어야 합니다</translation>
    </message>
    <message>
        <source>%1: %2 must be at most %3</source>
        <translation>%1: %2은(는) %3 이하여야 합니다</translation>
    </message>
    <message>
        <source>lr_factor: must be greater than 0 and at most 100</source>
        <translation>lr_factor: 0보다 크고 100 이하여야 합니다</translation>
    </message>
    <message>
        <source>lr: must be greater than 0 and at most 10</source>
        <translation>lr: 0보다 크고 10 이하여야 합니다</translation>
    </message>
    <message>
        <source>label_smoothing: %1 is outside [0, 1)</source>
        <translation>label_smoothing: %1은(는) [0, 1) 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>clip: must be 0 (off) or more, at most 1e6</source>
        <translation>clip: 0(끔) 이상, 1e6 이하여야 합니다</translation>
    </message>
    <message>
        <source>adam_beta1: outside [0, 1)</source>
        <translation>adam_beta1: [0, 1) 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>adam_beta2: outside [0, 1)</source>
        <translation>adam_beta2: [0, 1) 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>adam_eps: must be in (0, 1)</source>
        <translation>adam_eps: (0, 1) 범위 안이어야 합니다</translation>
    </message>
    <message>
        <source>length_penalty: outside [0, 10]</source>
        <translation>length_penalty: [0, 10] 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>device: expected auto, cpu, cuda or cuda:N (N from 0), got &apos;%1&apos;</source>
        <translation>device: auto, cpu, cuda, cuda:N(N은 0부터) 중 하나여야 하는데 &apos;%1&apos;입니다</translation>
    </message>
    <message>
        <source>task: unknown task &apos;%1&apos;; expected one of %2</source>
        <translation>task: 알 수 없는 과제 &apos;%1&apos;. 다음 중 하나여야 합니다: %2</translation>
    </message>
    <message>
        <source>train_size: %1 must be at least 1</source>
        <translation>train_size: %1은(는) 1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>eval_size: %1 must be at least 1</source>
        <translation>eval_size: %1은(는) 1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>train_size + eval_size: %1 is more than %2, the most a built-in task generates</source>
        <translation>train_size + eval_size: %1은(는) 내장 과제가 만들 수 있는 최대치 %2보다 많습니다</translation>
    </message>
    <message>
        <source>train_size + eval_size: %1 is more than the %2 distinct inputs the %3 task has with these lengths and symbols; ask for fewer or allow longer inputs</source>
        <translation>train_size + eval_size: %1은(는) 이 길이와 기호 수에서 %3 과제가 가진 서로 다른 입력 %2개보다 많습니다. 더 적게 요청하거나 더 긴 입력을 허용하세요</translation>
    </message>
    <message>
        <source>min_length: %1 must be at least 1</source>
        <translation>min_length: %1은(는) 1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>max_length: %1 is below min_length %2</source>
        <translation>max_length: %1이(가) min_length %2보다 작습니다</translation>
    </message>
    <message>
        <source>max_length: %1 is above %2, the most the %3 task supports</source>
        <translation>max_length: %1이(가) %3 과제가 지원하는 최대치 %2보다 큽니다</translation>
    </message>
    <message>
        <source>symbols: %1 is outside the allowed range 2..26</source>
        <translation>symbols: %1은(는) 허용 범위 2..26을 벗어났습니다</translation>
    </message>
    <message>
        <source>shift: %1 must be between 1 and symbols - 1 (%2)</source>
        <translation>shift: %1은(는) 1과 symbols - 1 (%2) 사이여야 합니다</translation>
    </message>
</context>
<context>
    <name>attn::Data</name>
    <message>
        <source>no such file</source>
        <translation>파일이 없습니다</translation>
    </message>
    <message>
        <source>is a directory; expected a UTF-8 text file</source>
        <translation>폴더입니다. UTF-8 텍스트 파일이어야 합니다</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>열 수 없습니다: %1</translation>
    </message>
    <message>
        <source>the file is empty; expected one sentence pair per line</source>
        <translation>파일이 비어 있습니다. 한 줄에 문장 쌍 하나가 있어야 합니다</translation>
    </message>
    <message>
        <source>looks like a binary file (NUL byte at offset %1); expected UTF-8 text</source>
        <translation>바이너리 파일로 보입니다 (오프셋 %1에 NUL 바이트). UTF-8 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>invalid UTF-8 at byte %1 of the line</source>
        <translation>줄의 %1번째 바이트가 올바른 UTF-8이 아닙니다</translation>
    </message>
    <message>
        <source>contains a NUL byte; expected text</source>
        <translation>NUL 바이트가 있습니다. 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>no usable sentence pairs</source>
        <translation>쓸 수 있는 문장 쌍이 없습니다</translation>
    </message>
    <message>
        <source>no usable sentence pairs; %1 malformed lines skipped; %2 pairs longer than max_length dropped</source>
        <translation>쓸 수 있는 문장 쌍이 없습니다. 형식이 잘못된 줄 %1개를 건너뛰었고, max_length보다 긴 쌍 %2개를 뺐습니다</translation>
    </message>
    <message>
        <source>no usable sentence pairs; %1 malformed lines skipped</source>
        <translation>쓸 수 있는 문장 쌍이 없습니다. 형식이 잘못된 줄 %1개를 건너뛰었습니다</translation>
    </message>
    <message>
        <source>no usable sentence pairs; %1 pairs longer than max_length dropped</source>
        <translation>쓸 수 있는 문장 쌍이 없습니다. max_length보다 긴 쌍 %1개를 뺐습니다</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>expected &apos;source&lt;TAB&gt;target&apos; but found no tab</source>
        <translation>&apos;소스&lt;TAB&gt;타깃&apos; 형식이어야 하는데 탭이 없습니다</translation>
    </message>
    <message>
        <source>expected one tab between source and target but found more</source>
        <translation>소스와 타깃 사이에 탭이 하나여야 하는데 더 있습니다</translation>
    </message>
    <message>
        <source>the source side (before the tab) is empty</source>
        <translation>소스 쪽(탭 앞)이 비어 있습니다</translation>
    </message>
    <message>
        <source>the target side (after the tab) is empty</source>
        <translation>타깃 쪽(탭 뒤)이 비어 있습니다</translation>
    </message>
    <message>
        <source>empty line; expected a source sentence</source>
        <translation>빈 줄입니다. 소스 문장이 있어야 합니다</translation>
    </message>
    <message>
        <source>empty line; expected a target sentence</source>
        <translation>빈 줄입니다. 타깃 문장이 있어야 합니다</translation>
    </message>
    <message>
        <source>has %1 lines but %2 has %3; aligned files need one target line per source line</source>
        <translation>%1줄인데 %2은(는) %3줄입니다. 정렬된 파일은 소스 한 줄마다 타깃 한 줄이 있어야 합니다</translation>
    </message>
    <message>
        <source>only %1 usable pair; need at least 2 (one to train on, one to evaluate)</source>
        <translation>쓸 수 있는 쌍이 %1개뿐입니다. 적어도 2개(학습용 하나, 평가용 하나)가 필요합니다</translation>
    </message>
    <message>
        <source>the corpus holds more than the %1 MB of text it may take in memory (an eighth of this machine&apos;s); reading stopped at byte offset %2. Use --max-examples or a part of the file</source>
        <translation>말뭉치가 메모리에 둘 수 있는 텍스트 %1 MB(이 컴퓨터 메모리의 8분의 1)보다 큽니다. 바이트 오프셋 %2에서 읽기를 멈췄습니다. --max-examples를 쓰거나 파일의 일부만 쓰세요</translation>
    </message>
    <message>
        <source>the line is longer than the %1-byte line limit (refused at byte offset %2)</source>
        <translation>줄이 %1바이트 줄 길이 한도보다 깁니다 (바이트 오프셋 %2에서 거부)</translation>
    </message>
    <message>
        <source>no line end within %1 MB (reading stopped at byte offset %2); expected one sentence pair per line</source>
        <translation>%1 MB 안에 줄 끝이 없습니다 (바이트 오프셋 %2에서 읽기를 멈춤). 한 줄에 문장 쌍 하나가 있어야 합니다</translation>
    </message>
</context>
<context>
    <name>attn::Run</name>
    <message>
        <source>stopped at step %1; checkpoint kept</source>
        <translation>스텝 %1에서 중지함; 체크포인트 보존</translation>
    </message>
    <message>
        <source>step %1: the loss became NaN; the weights were not updated and the last good checkpoint is kept. Try a lower learning rate (--lr-factor or --lr) or a longer warmup (--warmup).</source>
        <translation>스텝 %1: 손실이 NaN이 되었습니다. 가중치는 갱신하지 않았고 마지막 정상 체크포인트를 보존했습니다. 학습률을 낮추거나(--lr-factor 또는 --lr) 워밍업을 늘려 보세요(--warmup).</translation>
    </message>
    <message>
        <source>step %1: the loss became infinite; the weights were not updated and the last good checkpoint is kept. Try a lower learning rate (--lr-factor or --lr) or a longer warmup (--warmup).</source>
        <translation>스텝 %1: 손실이 무한대가 되었습니다. 가중치는 갱신하지 않았고 마지막 정상 체크포인트를 보존했습니다. 학습률을 낮추거나(--lr-factor 또는 --lr) 워밍업을 늘려 보세요(--warmup).</translation>
    </message>
    <message>
        <source>stopped during the evaluation of epoch %1 at step %2; checkpoint kept (a resumed run evaluates this epoch again)</source>
        <translation>에폭 %1 평가 중 스텝 %2에서 중지함; 체크포인트 보존 (이어서 학습하면 이 에폭을 다시 평가합니다)</translation>
    </message>
    <message>
        <source>eval loss did not improve for %1 evaluations</source>
        <translation>평가 손실이 %1번의 평가 동안 나아지지 않음</translation>
    </message>
    <message>
        <source>%1: the longest pair needs %2 positions, more than the %3 a model may have; drop long pairs with --max-length (characters)</source>
        <translation>%1: 가장 긴 쌍에 위치가 %2개 필요한데, 모델이 가질 수 있는 %3개보다 많습니다. --max-length(문자 수)로 긴 쌍을 빼세요</translation>
    </message>
    <message>
        <source>the %1 task: the longest pair needs %2 positions, more than the %3 a model may have</source>
        <translation>%1 과제: 가장 긴 쌍에 위치가 %2개 필요한데, 모델이 가질 수 있는 %3개보다 많습니다</translation>
    </message>
    <message>
        <source>%1: the longest pair needs %2 positions; a batch of %3 at that length needs about %4 GB for attention alone, more than this machine&apos;s %5 GB; drop long pairs with --max-length (characters) or use a smaller --batch-size</source>
        <translation>%1: 가장 긴 쌍에 위치가 %2개 필요합니다. 그 길이의 쌍 %3개로 된 배치에는 어텐션에만 약 %4 GB가 필요해 이 컴퓨터의 %5 GB보다 많습니다. --max-length(문자 수)로 긴 쌍을 빼거나 더 작은 --batch-size를 쓰세요</translation>
    </message>
    <message>
        <source>the %1 task: the longest pair needs %2 positions; a batch of %3 at that length needs about %4 GB for attention alone, more than this machine&apos;s %5 GB; use a smaller --batch-size</source>
        <translation>%1 과제: 가장 긴 쌍에 위치가 %2개 필요합니다. 그 길이의 쌍 %3개로 된 배치에는 어텐션에만 약 %4 GB가 필요해 이 컴퓨터의 %5 GB보다 많습니다. 더 작은 --batch-size를 쓰세요</translation>
    </message>
    <message>
        <source>device: cuda was asked for, but no CUDA device is available to this LibTorch; use --device cpu</source>
        <translation>device: cuda를 요청했지만 이 LibTorch에서 쓸 수 있는 CUDA 장치가 없습니다. --device cpu를 쓰세요</translation>
    </message>
    <message>
        <source>device: %1 is GPU number %2, but this machine has %3 CUDA device(s), numbered from 0</source>
        <translation>device: %1은(는) %2번 GPU인데, 이 컴퓨터의 CUDA 장치는 0번부터 %3개입니다</translation>
    </message>
    <message>
        <source>cuda_graphs: CUDA graphs need a CUDA device; this run is on the CPU (drop --cuda-graphs)</source>
        <translation>cuda_graphs: CUDA 그래프에는 CUDA 장치가 필요한데 이 실행은 CPU에서 돌아갑니다(--cuda-graphs를 빼세요)</translation>
    </message>
    <message>
        <source>cuda_graphs: fp16&apos;s loss scale skips the steps that overflow, which a recorded graph cannot; use --amp bf16 or drop --cuda-graphs</source>
        <translation>cuda_graphs: fp16의 손실 스케일은 넘친 단계를 건너뛰는데, 기록된 그래프는 그럴 수 없습니다. --amp bf16을 쓰거나 --cuda-graphs를 빼세요</translation>
    </message>
    <message>
        <source>cuda_graphs: one batch per step is recorded; use --accum 1 (a larger --batch-size instead) or drop --cuda-graphs</source>
        <translation>cuda_graphs: 단계마다 배치 하나를 기록합니다. --accum 1(대신 더 큰 --batch-size)을 쓰거나 --cuda-graphs를 빼세요</translation>
    </message>
    <message>
        <source>amp: mixed precision needs a CUDA device; this run is on the CPU (drop --amp)</source>
        <translation>amp: 혼합 정밀도에는 CUDA 장치가 필요한데 이 실행은 CPU에서 돕니다 (--amp를 빼세요)</translation>
    </message>
    <message>
        <source>%1: no checkpoint to resume from in checkpoints/, and run.json cannot restart it (%2)</source>
        <translation>%1: checkpoints/에 이어서 학습할 체크포인트가 없고, run.json으로도 다시 시작할 수 없습니다 (%2)</translation>
    </message>
    <message>
        <source>%1: the run was trained by one process and this one has %3; resume it with one (Processes, --nproc or WORLD_SIZE), since the processes make up each step&apos;s batch together</source>
        <translation>%1: 이 실행은 프로세스 하나로 학습했는데 지금은 %3개입니다. 프로세스들이 함께 각 스텝의 배치를 이루므로 하나로 이어서 학습하세요 (프로세스, --nproc 또는 WORLD_SIZE)</translation>
    </message>
    <message>
        <source>%1: the run was trained by %2 processes and this one has %3; resume it with as many (Processes, --nproc or WORLD_SIZE), since they make up each step&apos;s batch together</source>
        <translation>%1: 이 실행은 프로세스 %2개로 학습했는데 지금은 %3개입니다. 프로세스들이 함께 각 스텝의 배치를 이루므로 같은 수로 이어서 학습하세요 (프로세스, --nproc 또는 WORLD_SIZE)</translation>
    </message>
    <message>
        <source>%1: no such run directory</source>
        <translation>%1: 그런 실행 디렉터리가 없습니다</translation>
    </message>
    <message>
        <source>%1: is not a regular file (a directory?); move it aside to resume</source>
        <translation>%1: 일반 파일이 아닙니다(디렉터리?). 이어서 학습하려면 다른 곳으로 옮기세요</translation>
    </message>
    <message>
        <source>%1: every checkpoint is damaged (%2); nothing to resume from. --restart trains again from step 0 and keeps the old metrics.csv, history.sqlite and checkpoints aside</source>
        <translation>%1: 모든 체크포인트가 손상되었습니다 (%2). 이어서 학습할 곳이 없습니다. --restart는 스텝 0부터 다시 학습하고 이전 metrics.csv, history.sqlite, 체크포인트는 따로 보관합니다</translation>
    </message>
    <message>
        <source>%1: missing, so there is nothing to resume from. --restart trains again from step 0 and keeps the old metrics.csv and history.sqlite aside</source>
        <translation>%1: 없으므로 이어서 학습할 곳이 없습니다. --restart는 스텝 0부터 다시 학습하고 이전 metrics.csv와 history.sqlite는 따로 보관합니다</translation>
    </message>
    <message>
        <source>%1 · threads: automatic</source>
        <translation>%1 · 스레드: 자동</translation>
    </message>
    <message>
        <source>%1 · threads: %2 (fixed)</source>
        <translation>%1 · 스레드: %2 (고정)</translation>
    </message>
</context>
<context>
    <name>attn::Stage</name>
    <message>
        <source>%1 · step %2 · after epoch %3</source>
        <translation>%1 · 스텝 %2 · 에폭 %3 이후</translation>
    </message>
    <message>
        <source>%1 · Hugging Face MarianMT · %2</source>
        <translation>%1 · Hugging Face MarianMT · %2</translation>
    </message>
    <message>
        <source>%1 · step %2 · in epoch %3</source>
        <translation>%1 · 스텝 %2 · 에폭 %3 도중</translation>
    </message>
    <message>
        <source>untrained · seed %1</source>
        <translation>학습 전 · 시드 %1</translation>
    </message>
    <message>
        <source>nothing to inspect: type a sentence</source>
        <translation>살펴볼 것이 없습니다: 문장을 입력하세요</translation>
    </message>
    <message>
        <source>every piece of the input is unknown to this model&apos;s vocabulary (%1 × &lt;unk&gt;)</source>
        <translation>입력의 모든 조각이 이 모델의 어휘에 없습니다 (%1 × &lt;unk&gt;)</translation>
    </message>
    <message>
        <source>every piece of the input is unknown to this model&apos;s vocabulary (%1 × &lt;unk&gt;); the model was trained on %2 data</source>
        <translation>입력의 모든 조각이 이 모델의 어휘에 없습니다 (%1 × &lt;unk&gt;). 이 모델은 %2 데이터로 학습했습니다</translation>
    </message>
    <message>
        <source>input truncated to the model&apos;s %1 source positions: %2 pieces dropped</source>
        <translation>입력을 모델의 소스 위치 %1개에 맞춰 잘랐습니다: 조각 %2개를 뺌</translation>
    </message>
    <message>
        <source>%1 piece(s) unknown to the vocabulary, read as &lt;unk&gt;</source>
        <translation>어휘에 없는 조각 %1개를 &lt;unk&gt;로 읽음</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>head %1, every key position; from the encoder&apos;s memory m</source>
        <translation>헤드 %1, 모든 키 위치; 인코더의 메모리 m에서</translation>
    </message>
    <message>
        <source>head %1, every key position; from x</source>
        <translation>헤드 %1, 모든 키 위치; x에서</translation>
    </message>
    <message>
        <source>head %1, query position %2 (§3.2.2)</source>
        <translation>헤드 %1, 쿼리 위치 %2 (§3.2.2)</translation>
    </message>
    <message>
        <source>dot product of the query with every key; a matrix product, linear in Q for fixed K (§3.2.1)</source>
        <translation>쿼리와 모든 키의 내적; 행렬 곱이며, K를 고정하면 Q에 대해 선형 (§3.2.1)</translation>
    </message>
    <message>
        <source>√d_k = %1: keeps the dot products from growing with d_k (§3.2.1)</source>
        <translation>√d_k = %1: 내적이 d_k와 함께 커지지 않게 함 (§3.2.1)</translation>
    </message>
    <message>
        <source>keys after the query set to −inf, so a position cannot see the future (§3.2.3)</source>
        <translation>쿼리보다 뒤의 키를 −inf로 두어, 위치가 미래를 볼 수 없게 함 (§3.2.3)</translation>
    </message>
    <message>
        <source>padding keys set to −inf (one sentence has none)</source>
        <translation>패딩 키를 −inf로 둠 (문장 하나에는 패딩이 없음)</translation>
    </message>
    <message>
        <source>mask</source>
        <translation>마스크</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <source>attention weights over the keys: each row sums to 1</source>
        <translation>키에 대한 어텐션 가중치: 각 행의 합은 1</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>dropout on the weights is off in inference: the identity</source>
        <translation>가중치의 드롭아웃은 추론에서 꺼짐: 항등 함수</translation>
    </message>
    <message>
        <source>weights · V</source>
        <translation>가중치 · V</translation>
    </message>
    <message>
        <source>head %1: the weighted sum of the value vectors</source>
        <translation>헤드 %1: 값 벡터의 가중합</translation>
    </message>
    <message>
        <source>head %1 fills columns %2–%3 (§3.2.2)</source>
        <translation>헤드 %1이(가) %2–%3열을 채움 (§3.2.2)</translation>
    </message>
    <message>
        <source>the heads mixed back into d_model</source>
        <translation>헤드들을 다시 섞어 d_model로</translation>
    </message>
    <message>
        <source>position-wise: every position alone (§3.3)</source>
        <translation>위치별: 각 위치를 따로 (§3.3)</translation>
    </message>
    <message>
        <source>%1 of %2 units ≤ 0 at this position (GELU lets small negatives through)</source>
        <translation>이 위치에서 유닛 %2개 중 %1개가 ≤ 0 (GELU는 작은 음수를 통과시킴)</translation>
    </message>
    <message>
        <source>%1 of %2 units ≤ 0 at this position (SiLU, x·σ(x), lets small negatives through)</source>
        <translation>이 위치에서 유닛 %2개 중 %1개가 ≤ 0 (SiLU, x·σ(x)는 작은 음수를 통과시킴)</translation>
    </message>
    <message>
        <source>%1 of %2 units zeroed at this position</source>
        <translation>이 위치에서 유닛 %2개 중 %1개가 0이 됨</translation>
    </message>
    <message>
        <source>dropout on the hidden units is off in inference: the identity</source>
        <translation>은닉 유닛의 드롭아웃은 추론에서 꺼짐: 항등 함수</translation>
    </message>
    <message>
        <source>back to d_model</source>
        <translation>다시 d_model로</translation>
    </message>
    <message>
        <source>x: the layer&apos;s input</source>
        <translation>x: 레이어의 입력</translation>
    </message>
    <message>
        <source>position %1</source>
        <translation>위치 %1</translation>
    </message>
    <message>
        <source>pre-norm: the sub-layer reads the normalised stream</source>
        <translation>pre-norm: 서브레이어가 정규화된 스트림을 읽음</translation>
    </message>
    <message>
        <source>+ residual</source>
        <translation>+ 잔차</translation>
    </message>
    <message>
        <source>x + Dropout(Sublayer): dropout is the identity in inference (§5.4)</source>
        <translation>x + Dropout(Sublayer): 추론에서 드롭아웃은 항등 함수 (§5.4)</translation>
    </message>
    <message>
        <source>embedding · √d_model</source>
        <translation>임베딩 · √d_model</translation>
    </message>
    <message>
        <source>a table lookup, scaled by √d_model = %1 (§3.4)</source>
        <translation>표에서 찾은 값에 √d_model = %1을 곱함 (§3.4)</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>a table lookup, not scaled (the model&apos;s scale_embedding is off)</source>
        <translation>표 조회, 스케일하지 않음 (모델의 scale_embedding이 꺼져 있음)</translation>
    </message>
    <message>
        <source>sin/cos of the position (§3.5), the sines in the first half of d_model and the cosines in the second; dropout after it is off in inference</source>
        <translation>위치의 sin/cos (§3.5), d_model의 앞 절반은 사인, 뒤 절반은 코사인; 그 뒤의 드롭아웃은 추론에서 꺼짐</translation>
    </message>
    <message>
        <source>logits = h Wᵀ + b</source>
        <translation>logits = h Wᵀ + b</translation>
    </message>
    <message>
        <source>+ positional encoding</source>
        <translation>+ 위치 인코딩</translation>
    </message>
    <message>
        <source>sin/cos of the position (§3.5); dropout after it is off in inference</source>
        <translation>위치의 sin/cos (§3.5); 그 뒤의 드롭아웃은 추론에서 꺼짐</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>the last encoder layer&apos;s output after the final LayerNorm: every decoder layer&apos;s keys and values</source>
        <translation>마지막 LayerNorm을 거친 마지막 인코더 레이어의 출력: 모든 디코더 레이어의 키와 값</translation>
    </message>
    <message>
        <source>the last encoder layer&apos;s output: every decoder layer&apos;s keys and values</source>
        <translation>마지막 인코더 레이어의 출력: 모든 디코더 레이어의 키와 값</translation>
    </message>
    <message>
        <source>logits = h Wᵀ</source>
        <translation>로짓 = h Wᵀ</translation>
    </message>
    <message>
        <source>the decoder&apos;s last output projected to the vocabulary (§3.4)</source>
        <translation>디코더의 마지막 출력을 어휘로 투영 (§3.4)</translation>
    </message>
    <message>
        <source>the next token&apos;s probabilities</source>
        <translation>다음 토큰의 확률</translation>
    </message>
    <message>
        <source>Embedding + PE</source>
        <translation>임베딩 + PE</translation>
    </message>
    <message>
        <source>Source tokens</source>
        <translation>소스 토큰</translation>
    </message>
    <message>
        <source>pieces + &lt;eos&gt;</source>
        <translation>조각 + &lt;eos&gt;</translation>
    </message>
    <message>
        <source>Encoder %1</source>
        <translation>인코더 %1</translation>
    </message>
    <message>
        <source>self-attention → FFN</source>
        <translation>셀프 어텐션 → FFN</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>keys and values for the decoder</source>
        <translation>디코더를 위한 키와 값</translation>
    </message>
    <message>
        <source>Target tokens</source>
        <translation>타깃 토큰</translation>
    </message>
    <message>
        <source>&lt;bos&gt; + prediction so far</source>
        <translation>&lt;bos&gt; + 지금까지의 예측</translation>
    </message>
    <message>
        <source>Decoder %1</source>
        <translation>디코더 %1</translation>
    </message>
    <message>
        <source>masked self-attention → cross-attention → FFN</source>
        <translation>마스크드 셀프 어텐션 → 크로스 어텐션 → FFN</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>선형</translation>
    </message>
    <message>
        <source>to the vocabulary (the embedding&apos;s weights, §3.4)</source>
        <translation>어휘로 (임베딩의 가중치, §3.4)</translation>
    </message>
    <message>
        <source>to the vocabulary</source>
        <translation>어휘로</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <source>next-token probabilities</source>
        <translation>다음 토큰 확률</translation>
    </message>
    <message>
        <source>live · step %1</source>
        <translation>실시간 · 스텝 %1</translation>
    </message>
</context>
<context>
    <name>attn::Task</name>
    <message>
        <source>Repeat the input symbols unchanged; attention learns the diagonal.</source>
        <translation>입력 기호를 그대로 다시 씁니다. 어텐션은 대각선을 배웁니다.</translation>
    </message>
    <message>
        <source>symbols</source>
        <translation>기호</translation>
    </message>
    <message>
        <source>Write the input symbols backwards; attention learns the anti-diagonal.</source>
        <translation>입력 기호를 거꾸로 씁니다. 어텐션은 반대 대각선을 배웁니다.</translation>
    </message>
    <message>
        <source>Sort the input symbols alphabetically; attention learns the sorting permutation.</source>
        <translation>입력 기호를 알파벳순으로 정렬합니다. 어텐션은 정렬 순열을 배웁니다.</translation>
    </message>
    <message>
        <source>Replace each symbol by the one k places later in the alphabet (wrapping around).</source>
        <translation>각 기호를 알파벳에서 k칸 뒤의 기호로 바꿉니다 (끝에서는 처음으로 돌아감).</translation>
    </message>
    <message>
        <source>Add two decimal numbers character by character: &quot;123+45&quot; gives &quot;168&quot;.</source>
        <translation>두 십진수를 문자 단위로 더합니다: &quot;123+45&quot;는 &quot;168&quot;이 됩니다.</translation>
    </message>
    <message>
        <source>digits per operand</source>
        <translation>피연산자당 자릿수</translation>
    </message>
    <message>
        <source>Rewrite a date written in one of eleven styles (&quot;Wednesday, 3 March 2021&quot;) as 2021-03-03.</source>
        <translation>열한 가지 형식 중 하나로 쓴 날짜(&quot;Wednesday, 3 March 2021&quot;)를 2021-03-03 형식으로 다시 씁니다.</translation>
    </message>
    <message>
        <source>Spell out a number in English words: &quot;1234&quot; gives &quot;one thousand two hundred thirty four&quot;.</source>
        <translation>숫자를 영어 단어로 풀어 씁니다: &quot;1234&quot;는 &quot;one thousand two hundred thirty four&quot;가 됩니다.</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>자릿수</translation>
    </message>
</context>
<context>
    <name>attn::ui::AlignmentPanel</name>
    <message>
        <source>Show the ideal alignment on the cross-attention heatmap</source>
        <translation>크로스 어텐션 히트맵에 이상적인 정렬 표시</translation>
    </message>
    <message>
        <source>Share of cross-attention on the ideal alignment</source>
        <translation>이상적인 정렬에 놓인 크로스 어텐션의 비율</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>alignment score (1 = all mass on the ideal source)</source>
        <translation>정렬 점수 (1 = 모든 가중치가 이상적인 소스 위치에)</translation>
    </message>
    <message>
        <source>Alignment is scored for the built-in tasks, at every evaluation</source>
        <translation>정렬 점수는 내장 과제에서 평가할 때마다 계산됩니다</translation>
    </message>
</context>
<context>
    <name>attn::ui::AnalysisPanel</name>
    <message>
        <source>Export figure…</source>
        <translation>그림 내보내기…</translation>
    </message>
</context>
<context>
    <name>attn::ui::AttentionView</name>
    <message>
        <source>Encoder self-attention</source>
        <translation>인코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Decoder self-attention (masked)</source>
        <translation>디코더 셀프 어텐션 (마스킹)</translation>
    </message>
    <message>
        <source>Cross-attention (decoder → encoder)</source>
        <translation>크로스 어텐션 (디코더 → 인코더)</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>레이어 </translation>
    </message>
    <message>
        <source>linear scale</source>
        <translation>선형 눈금</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>auto contrast</source>
        <translation>자동 대비</translation>
    </message>
    <message>
        <source>Show this map minus another: another head of the layer, a pinned moment (what changed since), or the compared run at this step. Red: more attention here.</source>
        <translation>이 맵에서 다른 맵을 뺀 차이를 보여 줍니다: 같은 레이어의 다른 헤드, 고정한 시점(그 뒤로 바뀐 것), 또는 이 스텝의 비교 실행. 빨강: 여기에 어텐션이 더 많음.</translation>
    </message>
    <message>
        <source>Pin step</source>
        <translation>스텝 고정</translation>
    </message>
    <message>
        <source>Keep the moment shown now, to subtract it from later ones</source>
        <translation>지금 보이는 시점을 고정해 이후 시점에서 뺍니다</translation>
    </message>
    <message>
        <source>Linear: 0 to 1. Log: 0.001 to 1, so that small weights differ. Auto contrast: from the smallest to the largest weight shown.</source>
        <translation>선형: 0부터 1. 로그: 0.001부터 1, 작은 가중치도 구별되도록. 자동 대비: 보이는 가중치의 최솟값부터 최댓값까지.</translation>
    </message>
    <message>
        <source>example</source>
        <translation>예제</translation>
    </message>
    <message>
        <source>Attention appears here once training starts</source>
        <translation>학습을 시작하면 여기에 어텐션이 나타납니다</translation>
    </message>
    <message>
        <source>all heads</source>
        <translation>모든 헤드</translation>
    </message>
    <message>
        <source>mean of %1 heads</source>
        <translation>헤드 %1개의 평균</translation>
    </message>
    <message>
        <source>max over %1 heads</source>
        <translation>헤드 %1개 중 최댓값</translation>
    </message>
    <message>
        <source>rollout through the layers</source>
        <translation>레이어 전체의 롤아웃</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>헤드 %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>스텝 %1</translation>
    </message>
    <message>
        <source>the compared run</source>
        <translation>비교 실행</translation>
    </message>
    <message>
        <source>no difference</source>
        <translation>차이 없음</translation>
    </message>
    <message>
        <source>− pinned step %1</source>
        <translation>− 고정한 스텝 %1</translation>
    </message>
    <message>
        <source>− compared run</source>
        <translation>− 비교 실행</translation>
    </message>
    <message>
        <source>− head %1</source>
        <translation>− 헤드 %1</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>디코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>크로스 어텐션</translation>
    </message>
    <message>
        <source>The heads&apos; weights averaged: still sums to 1 over the keys</source>
        <translation>헤드들의 가중치 평균: 키에 대한 합은 여전히 1입니다</translation>
    </message>
    <message>
        <source>At each cell the largest weight any head gives</source>
        <translation>각 칸에서 어느 헤드든 준 가장 큰 가중치</translation>
    </message>
    <message>
        <source>Attention rollout (Abnar and Zuidema, 2020): each layer&apos;s heads averaged, half kept for the residual connection, multiplied through the layers up to this one; how much each position draws on each input token. Cross-attention is followed through the encoder&apos;s rollout to the source tokens.</source>
        <translation>어텐션 롤아웃 (Abnar와 Zuidema, 2020): 각 레이어의 헤드를 평균하고 잔차 연결 몫으로 절반을 남긴 뒤, 이 레이어까지 차례로 곱합니다. 각 위치가 각 입력 토큰에서 얼마나 정보를 가져오는지를 보여 줍니다. 크로스 어텐션은 인코더의 롤아웃을 거쳐 소스 토큰까지 따라갑니다.</translation>
    </message>
    <message>
        <source>All heads shows every layer</source>
        <translation>모든 헤드 보기는 모든 레이어를 보여 줍니다</translation>
    </message>
    <message>
        <source>Not subtracted: %1 has another length for this example</source>
        <translation>빼지 않음: %1은(는) 이 예제의 길이가 다릅니다</translation>
    </message>
    <message>
        <source>key (target)</source>
        <translation>키 (타깃)</translation>
    </message>
    <message>
        <source>key (source)</source>
        <translation>키 (소스)</translation>
    </message>
    <message>
        <source>query (source)</source>
        <translation>쿼리 (소스)</translation>
    </message>
    <message>
        <source>query (target)</source>
        <translation>쿼리 (타깃)</translation>
    </message>
    <message>
        <source>%1 · layer %2 · %3 · step %4</source>
        <translation>%1 · 레이어 %2 · %3 · 스텝 %4</translation>
    </message>
    <message>
        <source>%1 · layer %2 · %3</source>
        <translation>%1 · 레이어 %2 · %3</translation>
    </message>
    <message>
        <source>Δ weight</source>
        <translation>Δ 가중치</translation>
    </message>
    <message>
        <source>red: more attention than in %1, blue: less</source>
        <translation>빨강: %1보다 어텐션이 많음, 파랑: 적음</translation>
    </message>
    <message>
        <source>%1 · all heads · step %2</source>
        <translation>%1 · 모든 헤드 · 스텝 %2</translation>
    </message>
    <message>
        <source>%1 · all heads</source>
        <translation>%1 · 모든 헤드</translation>
    </message>
    <message>
        <source>hover for the weights · click a head to open it</source>
        <translation>마우스를 올리면 가중치 · 헤드를 클릭하면 열림</translation>
    </message>
    <message>
        <source>layer %1 · head %2 · </source>
        <translation>레이어 %1 · 헤드 %2 · </translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: masked (a later position; −∞ before the softmax)</source>
        <translation>쿼리 %1 “%2” → 키 %3 “%4”: 마스킹됨 (뒤쪽 위치; 소프트맥스 전에 −∞)</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5 − %6 = %7</source>
        <translation>쿼리 %1 “%2” → 키 %3 “%4”: %5 − %6 = %7</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>쿼리 %1 “%2” → 키 %3 “%4”: %5</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>weight, log scale (≤ %1 darkest)</source>
        <translation>가중치, 로그 눈금 (≤ %1은 가장 어둡게)</translation>
    </message>
    <message>
        <source>weight, auto contrast</source>
        <translation>가중치, 자동 대비</translation>
    </message>
    <message>
        <source> (hatched: masked)</source>
        <translation> (빗금: 마스킹됨)</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
</context>
<context>
    <name>attn::ui::DataFlowView</name>
    <message>
        <source>The model&apos;s data flow for your sentence appears here.</source>
        <translation>입력한 문장에 대한 모델의 데이터 흐름이 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>to every decoder layer %1</source>
        <translation>모든 디코더 레이어로 %1</translation>
    </message>
</context>
<context>
    <name>attn::ui::DatasetPreview</name>
    <message>
        <source>Load data</source>
        <translation>데이터 불러오기</translation>
    </message>
    <message>
        <source>tokens per sequence</source>
        <translation>시퀀스당 토큰 수</translation>
    </message>
    <message>
        <source>pairs</source>
        <translation>쌍</translation>
    </message>
    <message>
        <source>source</source>
        <translation>소스</translation>
    </message>
    <message>
        <source>target</source>
        <translation>타깃</translation>
    </message>
    <message>
        <source>source pieces</source>
        <translation>소스 조각</translation>
    </message>
    <message>
        <source>target pieces</source>
        <translation>타깃 조각</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %L2 train / %L3 eval pairs · vocabulary %4%5 · eval OOV %6% · longest %7 → %8 tokens</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: 학습 %L2쌍 / 평가 %L3쌍 · 어휘 %4%5 · 평가 OOV %6% · 최장 %7 → %8 토큰</translation>
    </message>
    <message>
        <source> (shared)</source>
        <translation> (공유)</translation>
    </message>
    <message>
        <source> / %1</source>
        <translation> / %1</translation>
    </message>
    <message>
        <source> · %L1 pairs dropped as too long</source>
        <translation> · 너무 길어 제외한 쌍 %L1개</translation>
    </message>
    <message>
        <source> · %L1 malformed lines skipped</source>
        <translation> · 형식이 잘못되어 건너뛴 줄 %L1개</translation>
    </message>
    <message>
        <source>&lt;br&gt;most frequent target tokens: %1</source>
        <translation>&lt;br&gt;가장 흔한 타깃 토큰: %1</translation>
    </message>
    <message>
        <source>%1% of the evaluation tokens are unknown to the %2 vocabulary (&lt;unk&gt;); the model would learn to write &lt;unk&gt;. Choose another tokenizer or a larger vocabulary</source>
        <translation>평가 토큰의 %1%가 %2 어휘에 없는 토큰(&lt;unk&gt;)입니다. 모델은 &lt;unk&gt;를 쓰도록 배우게 됩니다. 다른 토크나이저나 더 큰 어휘를 고르세요</translation>
    </message>
</context>
<context>
    <name>attn::ui::DockHelp</name>
    <message>
        <source>&lt;b&gt;Attention weights&lt;/b&gt; (§3.2). Each row is a query token, each column a key token; a cell is softmax(QKᵀ/√d&lt;sub&gt;k&lt;/sub&gt;) for that pair, so every row sums to 1 (§3.2.1). Each head has its own projections W&lt;sup&gt;Q&lt;/sup&gt;, W&lt;sup&gt;K&lt;/sup&gt;, W&lt;sup&gt;V&lt;/sup&gt; and may attend to something different (§3.2.2); &lt;i&gt;mean&lt;/i&gt; averages a layer&apos;s heads, &lt;i&gt;max&lt;/i&gt; shows the strongest; &lt;i&gt;rollout&lt;/i&gt; (Abnar and Zuidema, 2020) multiplies the layers&apos; head-averaged maps, half kept for the residual connection, to show how much each position draws on each input token through all layers up to this one. &lt;i&gt;Encoder self-attention&lt;/i&gt;: source to source. &lt;i&gt;Decoder self-attention&lt;/i&gt;: target to earlier target positions only; later ones are masked with −∞ before the softmax (hatched). &lt;i&gt;Cross-attention&lt;/i&gt;: target queries, source keys and values (§3.2.3). The weights are those the model computed for the probe examples at the chosen moment.</source>
        <translation>&lt;b&gt;어텐션 가중치&lt;/b&gt; (§3.2). 각 행은 쿼리 토큰, 각 열은 키 토큰이며, 한 칸은 그 쌍에 대한 softmax(QKᵀ/√d&lt;sub&gt;k&lt;/sub&gt;) 값이므로 모든 행의 합은 1입니다 (§3.2.1). 헤드마다 자기만의 투영 W&lt;sup&gt;Q&lt;/sup&gt;, W&lt;sup&gt;K&lt;/sup&gt;, W&lt;sup&gt;V&lt;/sup&gt;를 가지므로 서로 다른 것에 주목할 수 있습니다 (§3.2.2). &lt;i&gt;평균&lt;/i&gt;은 레이어의 헤드들을 평균하고, &lt;i&gt;최댓값&lt;/i&gt;은 가장 강한 값을 보여 줍니다. &lt;i&gt;롤아웃&lt;/i&gt;(Abnar와 Zuidema, 2020)은 헤드를 평균한 각 레이어의 맵을 잔차 연결 몫으로 절반을 남겨 곱해 나가며, 이 레이어까지 거치는 동안 각 위치가 각 입력 토큰에서 얼마나 정보를 가져오는지 보여 줍니다. &lt;i&gt;인코더 셀프 어텐션&lt;/i&gt;: 소스에서 소스로. &lt;i&gt;디코더 셀프 어텐션&lt;/i&gt;: 타깃에서 앞선 타깃 위치로만; 뒤쪽 위치는 소프트맥스 전에 −∞로 마스킹됩니다 (빗금). &lt;i&gt;크로스 어텐션&lt;/i&gt;: 타깃의 쿼리, 소스의 키와 값 (§3.2.3). 가중치는 선택한 시점에 모델이 프로브 예제에 대해 계산한 값입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Training curves&lt;/b&gt;. Training loss per step: cross-entropy with label smoothing ε&lt;sub&gt;ls&lt;/sub&gt; = 0.1 (§5.4), so even a perfect model stays above 0; the bold line is an exponential moving average. Evaluation loss, token accuracy and exact match are measured on held-out examples at each epoch&apos;s end. The learning rate (right axis) follows §5.3: it rises linearly for the warm-up steps, then falls as 1/√step.</source>
        <translation>&lt;b&gt;학습 곡선&lt;/b&gt;. 스텝마다의 학습 손실: 레이블 스무딩 ε&lt;sub&gt;ls&lt;/sub&gt; = 0.1을 적용한 교차 엔트로피이므로 (§5.4) 완벽한 모델도 0보다 큽니다. 굵은 선은 지수 이동 평균입니다. 평가 손실, 토큰 정확도, 정확 일치는 에폭이 끝날 때마다 학습에 쓰지 않은 예제로 측정합니다. 학습률(오른쪽 축)은 §5.3을 따릅니다: 워밍업 스텝 동안 선형으로 오르고, 그 뒤 1/√step으로 내려갑니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The data&lt;/b&gt;: how many pairs, their lengths in tokens and the vocabulary, before training. Each sentence becomes token ids (characters, words or SentencePiece pieces); the model sees only these ids, embedded as vectors (§3.4). A line that cannot be used is shown as file:line with what was expected.</source>
        <translation>&lt;b&gt;데이터&lt;/b&gt;: 학습 전에 쌍의 개수, 토큰 단위 길이, 어휘를 보여 줍니다. 각 문장은 토큰 id(문자, 단어 또는 SentencePiece 조각)가 되고, 모델은 벡터로 임베딩된 이 id만 봅니다 (§3.4). 쓸 수 없는 줄은 파일:줄과 기대한 형식으로 표시됩니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predictions&lt;/b&gt; on held-out examples at each epoch&apos;s end: greedy decoding (the most likely token at each step) and beam search (§6.1: beam 4, length penalty α = 0.6 unless set otherwise). Characters that differ from the reference are underlined, missing ones struck through. The first rows are the probe examples whose attention the run records: choose one to see it.</source>
        <translation>에폭이 끝날 때마다 학습에 쓰지 않은 예제에 대한 &lt;b&gt;예측&lt;/b&gt;: 그리디 디코딩(스텝마다 가장 확률이 높은 토큰)과 빔 서치 (§6.1: 따로 정하지 않으면 빔 4, 길이 페널티 α = 0.6). 정답과 다른 문자에는 밑줄이, 빠진 문자에는 취소선이 그어집니다. 처음 몇 행은 실행이 어텐션을 기록하는 프로브 예제이며, 선택하면 그 어텐션을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Query, key and value norms&lt;/b&gt;: the mean length of the vectors Q = XW&lt;sup&gt;Q&lt;/sup&gt;, K = XW&lt;sup&gt;K&lt;/sup&gt;, V = XW&lt;sup&gt;V&lt;/sup&gt; each layer computes (§3.2.2), over training. Longer queries and keys make the dot products larger and the softmax sharper, which is why the scores are divided by √d&lt;sub&gt;k&lt;/sub&gt; (§3.2.1).</source>
        <translation>&lt;b&gt;쿼리, 키, 값의 노름&lt;/b&gt;: 각 레이어가 계산하는 벡터 Q = XW&lt;sup&gt;Q&lt;/sup&gt;, K = XW&lt;sup&gt;K&lt;/sup&gt;, V = XW&lt;sup&gt;V&lt;/sup&gt;의 평균 길이를 학습 과정에 걸쳐 보여 줍니다 (§3.2.2). 쿼리와 키가 길수록 내적이 커지고 소프트맥스가 날카로워지며, 그래서 점수를 √d&lt;sub&gt;k&lt;/sub&gt;로 나눕니다 (§3.2.1).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gradient flow&lt;/b&gt;: the norm of each layer&apos;s gradient, over the steps and at the chosen moment, and its ratio to the weights&apos; norm (how far one step moves them). Residual connections (§3.1) let gradients reach early layers; a layer 100× below or above the others is marked vanishing or exploding. Gradients are clipped to the set norm before Adam (§5.3) updates the weights.</source>
        <translation>&lt;b&gt;그래디언트 흐름&lt;/b&gt;: 스텝에 걸쳐, 그리고 선택한 시점에서 각 레이어 그래디언트의 노름과 가중치 노름에 대한 비율(한 스텝이 가중치를 얼마나 움직이는지)을 보여 줍니다. 잔차 연결(§3.1) 덕분에 그래디언트가 앞쪽 레이어까지 닿습니다. 다른 레이어보다 100배 작거나 큰 레이어는 소실 또는 폭주로 표시됩니다. Adam(§5.3)이 가중치를 갱신하기 전에 그래디언트는 설정한 노름으로 클리핑됩니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Position-wise feed-forward network&lt;/b&gt; (§3.3): FFN(x) = max(0, xW&lt;sub&gt;1&lt;/sub&gt; + b&lt;sub&gt;1&lt;/sub&gt;)W&lt;sub&gt;2&lt;/sub&gt; + b&lt;sub&gt;2&lt;/sub&gt;, the same for every position, with a hidden layer of d&lt;sub&gt;ff&lt;/sub&gt; units. Shown: statistics of the hidden units after the activation (the paper&apos;s ReLU, or GELU when chosen) per layer over training, the share of units ≤ 0 (with ReLU: switched off for that token), and their histogram at the chosen moment.</source>
        <translation>&lt;b&gt;위치별 피드포워드 네트워크&lt;/b&gt; (§3.3): FFN(x) = max(0, xW&lt;sub&gt;1&lt;/sub&gt; + b&lt;sub&gt;1&lt;/sub&gt;)W&lt;sub&gt;2&lt;/sub&gt; + b&lt;sub&gt;2&lt;/sub&gt;. 모든 위치에 똑같이 적용되며 은닉층은 d&lt;sub&gt;ff&lt;/sub&gt;개 유닛입니다. 표시: 학습 중 레이어별로 활성화 함수(논문의 ReLU, 또는 선택한 경우 GELU)를 거친 은닉 유닛의 통계, 0 이하 유닛의 비율(ReLU에서는 그 토큰에 대해 꺼진 유닛), 그리고 선택한 시점의 히스토그램.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The residual stream&lt;/b&gt; (§3.1): each sub-layer adds its output to its input, x + Sublayer(x), then LayerNorm. Shown: the mean norm of that sum after every sub-layer, through the encoder and then the decoder (two separate streams), at the chosen moment and, faintly, at the first one.</source>
        <translation>&lt;b&gt;잔차 스트림&lt;/b&gt; (§3.1): 각 서브레이어는 출력을 입력에 더하고(x + Sublayer(x)) 이어서 LayerNorm을 적용합니다. 표시: 인코더, 이어서 디코더(서로 다른 두 스트림)의 모든 서브레이어 뒤에서 그 합의 평균 노름. 선택한 시점은 진하게, 첫 시점은 흐리게 그립니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Token embeddings&lt;/b&gt; (§3.4): the learned vector of each source token (the encoder&apos;s input before the positional encoding is added), projected onto its first two principal components; the axes say how much of the variance they hold. Trails show where each token was at earlier epoch ends: tokens the task treats alike drift together.</source>
        <translation>&lt;b&gt;토큰 임베딩&lt;/b&gt; (§3.4): 각 소스 토큰이 학습한 벡터(위치 인코딩을 더하기 전 인코더의 입력)를 처음 두 주성분에 투영한 것입니다. 축에는 각 주성분이 설명하는 분산의 비율이 적혀 있습니다. 자취는 앞선 에폭 종료 시점에 각 토큰이 있던 곳을 보여 주며, 과제가 비슷하게 다루는 토큰들은 함께 움직입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Alignment&lt;/b&gt;: the built-in tasks know which source position each target position should read (copy: the same one; reverse: the mirrored one). Shown: the share of each decoder layer&apos;s cross-attention (§3.2.3) that falls on that ideal alignment at each evaluation: 1 means the layer attends exactly where the task requires.</source>
        <translation>&lt;b&gt;정렬&lt;/b&gt;: 내장 과제는 각 타깃 위치가 어느 소스 위치를 읽어야 하는지 압니다 (copy: 같은 위치, reverse: 거울상 위치). 표시: 평가할 때마다 각 디코더 레이어의 크로스 어텐션(§3.2.3) 중 그 이상적인 정렬에 놓인 비율. 1이면 레이어가 과제가 요구하는 곳에 정확히 주목한다는 뜻입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Head specialisation&lt;/b&gt; (§3.2.2: each head is its own attention function over its own projections, so heads may learn different things). For every layer and head over training: the &lt;i&gt;entropy&lt;/i&gt; of a query&apos;s weights (0 bits: it reads one key; log₂ of the keys: it reads all evenly) or the &lt;i&gt;mean distance&lt;/i&gt; Σ w·|query − key| in positions (small: it reads near its own position), averaged over the probe examples. A head whose entropy falls has found something to attend to; click its line to open it.</source>
        <translation>&lt;b&gt;헤드의 전문화&lt;/b&gt; (§3.2.2: 각 헤드는 자기 투영 위에서 동작하는 별개의 어텐션 함수이므로 헤드마다 다른 것을 배울 수 있습니다). 학습 중 모든 레이어와 헤드에 대해: 쿼리 가중치의 &lt;i&gt;엔트로피&lt;/i&gt;(0비트: 키 하나만 읽음, 키 개수의 log₂: 모두를 고르게 읽음) 또는 위치 단위의 &lt;i&gt;평균 거리&lt;/i&gt; Σ w·|쿼리 − 키|(작으면 자기 위치 근처를 읽음)를 프로브 예제에 대해 평균한 값. 엔트로피가 떨어지는 헤드는 주목할 대상을 찾은 것입니다. 선을 클릭하면 그 헤드가 열립니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inspector&lt;/b&gt;: your own sentence through the model, read from the model&apos;s own forward pass. &lt;i&gt;Translation&lt;/i&gt;: greedy and beam search (§6.1), each token&apos;s probability and the five most likely tokens at that step. &lt;i&gt;Attention&lt;/i&gt;: every layer and head for this sentence, the decoder reading its own prediction. &lt;i&gt;Stages&lt;/i&gt;: one layer, head and position, step by step: Q = xW&lt;sup&gt;Q&lt;/sup&gt;, K, V (§3.2.2) → QKᵀ → ÷√d&lt;sub&gt;k&lt;/sub&gt; → mask → softmax (§3.2.1) → weights·V → heads concatenated → W&lt;sup&gt;O&lt;/sup&gt; → + residual → LayerNorm (§3.1) → FFN (§3.3); each marked &lt;span style=&apos;color:#1f77b4&apos;&gt;linear&lt;/span&gt; or &lt;span style=&apos;color:#d65f00&apos;&gt;non-linear&lt;/span&gt;. Dropout is off in inference. &lt;i&gt;Data flow&lt;/i&gt;: the whole model with the tensor shape on every arrow; click a box to see its stages. The model is the open run&apos;s checkpoint nearest the timeline&apos;s moment (or its best or last), the live weights while training, or the setup&apos;s model untrained.</source>
        <translation>&lt;b&gt;인스펙터&lt;/b&gt;: 직접 입력한 문장이 모델을 통과하는 모습을 모델 자신의 순전파에서 읽어 보여 줍니다. &lt;i&gt;번역&lt;/i&gt;: 그리디 디코딩과 빔 서치(§6.1), 각 토큰의 확률과 그 스텝에서 가장 확률이 높은 다섯 토큰. &lt;i&gt;어텐션&lt;/i&gt;: 이 문장에 대한 모든 레이어와 헤드, 디코더는 자기 예측을 읽습니다. &lt;i&gt;단계&lt;/i&gt;: 한 레이어, 헤드, 위치를 한 단계씩: Q = xW&lt;sup&gt;Q&lt;/sup&gt;, K, V (§3.2.2) → QKᵀ → ÷√d&lt;sub&gt;k&lt;/sub&gt; → 마스크 → 소프트맥스 (§3.2.1) → 가중치·V → 헤드 연결 → W&lt;sup&gt;O&lt;/sup&gt; → + 잔차 → LayerNorm (§3.1) → FFN (§3.3). 각 단계는 &lt;span style=&apos;color:#1f77b4&apos;&gt;선형&lt;/span&gt; 또는 &lt;span style=&apos;color:#d65f00&apos;&gt;비선형&lt;/span&gt;으로 표시됩니다. 추론에서는 드롭아웃이 꺼집니다. &lt;i&gt;데이터 흐름&lt;/i&gt;: 모든 화살표에 텐서 모양을 적은 모델 전체. 상자를 클릭하면 그 단계가 보입니다. 모델은 열린 실행에서 타임라인 시점에 가장 가까운 체크포인트(또는 최고나 마지막 체크포인트), 학습 중의 실시간 가중치, 또는 설정의 학습 전 모델입니다.</translation>
    </message>
    <message>
        <source>What is this view?</source>
        <translation>이 화면은 무엇인가요?</translation>
    </message>
</context>
<context>
    <name>attn::ui::EmbeddingPanel</name>
    <message>
        <source>Trails through the epochs:</source>
        <translation>에폭에 걸친 자취:</translation>
    </message>
    <message>
        <source>last </source>
        <translation>최근 </translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 에폭</translation>
    </message>
    <message>
        <source>How many epoch ends each trail goes back</source>
        <translation>각 자취가 거슬러 올라가는 에폭 종료 시점의 수</translation>
    </message>
    <message>
        <source>Token embeddings, first two principal components</source>
        <translation>토큰 임베딩, 처음 두 주성분</translation>
    </message>
    <message>
        <source>Drag to pan, mouse wheel to zoom</source>
        <translation>드래그하면 이동, 마우스 휠로 확대/축소</translation>
    </message>
    <message>
        <source>PC 1</source>
        <translation>PC 1</translation>
    </message>
    <message>
        <source>PC 2</source>
        <translation>PC 2</translation>
    </message>
    <message>
        <source>Embeddings appear after the first snapshot</source>
        <translation>첫 스냅샷 뒤에 임베딩이 나타납니다</translation>
    </message>
    <message>
        <source>PC %1 (%2% of the variance)</source>
        <translation>PC %1 (분산의 %2%)</translation>
    </message>
    <message>
        <source>1 label hidden where it would overlap: zoom in with the mouse wheel to see it</source>
        <translation>겹치는 곳의 레이블 1개를 숨겼습니다: 마우스 휠로 확대하면 보입니다</translation>
    </message>
    <message>
        <source>%1 labels hidden where they would overlap: zoom in with the mouse wheel to see them</source>
        <translation>겹치는 곳의 레이블 %1개를 숨겼습니다: 마우스 휠로 확대하면 보입니다</translation>
    </message>
</context>
<context>
    <name>attn::ui::ExportDialog</name>
    <message>
        <source>Export figure</source>
        <translation>그림 내보내기</translation>
    </message>
    <message>
        <source>Export all figures</source>
        <translation>모든 그림 내보내기</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Pixels per point: 2 gives sharp figures for slides</source>
        <translation>포인트당 픽셀 수: 2로 하면 슬라이드용으로 선명한 그림이 됩니다</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <source>PDF (vector)</source>
        <translation>PDF (벡터)</translation>
    </message>
    <message>
        <source>PNG and PDF</source>
        <translation>PNG와 PDF</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>너비</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>높이</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>배율</translation>
    </message>
    <message>
        <source>Export all figures into</source>
        <translation>모든 그림을 내보낼 곳</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <source>e.g. 1,5,10,30 (empty: five spread over training)</source>
        <translation>예: 1,5,10,30 (비우면 학습 전체에 걸쳐 다섯 개)</translation>
    </message>
    <message>
        <source>Evolution epochs</source>
        <translation>변화를 볼 에폭</translation>
    </message>
</context>
<context>
    <name>attn::ui::FfnPanel</name>
    <message>
        <source>Mean activation</source>
        <translation>평균 활성값</translation>
    </message>
    <message>
        <source>Std of activations</source>
        <translation>활성값의 표준편차</translation>
    </message>
    <message>
        <source>Largest activation</source>
        <translation>최대 활성값</translation>
    </message>
    <message>
        <source>Dead units (≤ 0)</source>
        <translation>죽은 유닛 (≤ 0)</translation>
    </message>
    <message>
        <source>Histogram of</source>
        <translation>히스토그램:</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Feed-forward hidden activations (after the activation function)</source>
        <translation>피드포워드 은닉 활성값 (활성화 함수 뒤)</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>활성값</translation>
    </message>
    <message>
        <source>share of activations</source>
        <translation>활성값의 비율</translation>
    </message>
    <message>
        <source>FFN activations appear after the first snapshot</source>
        <translation>첫 스냅샷 뒤에 FFN 활성값이 나타납니다</translation>
    </message>
    <message>
        <source>(this run recorded no histograms)</source>
        <translation>(이 실행은 히스토그램을 기록하지 않았습니다)</translation>
    </message>
    <message>
        <source>%1 at step %2: mean %3, std %4, dead %5%</source>
        <translation>스텝 %2의 %1: 평균 %3, 표준편차 %4, 죽은 유닛 %5%</translation>
    </message>
    <message>
        <source> ↑ %1% in this bin</source>
        <translation> ↑ 이 구간에 %1%</translation>
    </message>
</context>
<context>
    <name>attn::ui::FigureExport</name>
    <message>
        <source>Nothing to export yet: train or open a run first.</source>
        <translation>아직 내보낼 것이 없습니다: 먼저 학습하거나 실행을 여세요.</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>그림 내보내기</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <source>Saved %1 and its numbers in %2</source>
        <translation>%1과(와) 그 수치를 %2에 저장했습니다</translation>
    </message>
    <message>
        <source>Export all figures</source>
        <translation>모든 그림 내보내기</translation>
    </message>
    <message>
        <source>Tutorial figures</source>
        <translation>튜토리얼 그림</translation>
    </message>
    <message>
        <source>Write the tutorial figures</source>
        <translation>튜토리얼 그림 쓰기</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n figure(s) in %1</source>
        <translation>
            <numerusform>그림 %n개를 %1에 저장했습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>attn::ui::GradientPanel</name>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>그래디언트 노름</translation>
    </message>
    <message>
        <source>Gradient norm per layer over training (before clipping)</source>
        <translation>학습 중 레이어별 그래디언트 노름 (클리핑 전)</translation>
    </message>
    <message>
        <source>‖grad‖ / ‖weight‖</source>
        <translation>‖그래디언트‖ / ‖가중치‖</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <source>feed-forward</source>
        <translation>피드포워드</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>grad/weight</source>
        <translation>그래디언트/가중치</translation>
    </message>
    <message>
        <source>Gradient flow appears after the first training step</source>
        <translation>첫 학습 스텝 뒤에 그래디언트 흐름이 나타납니다</translation>
    </message>
    <message>
        <source>global</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>embed</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>enc %1</source>
        <translation>인코더 %1</translation>
    </message>
    <message>
        <source>dec %1</source>
        <translation>디코더 %1</translation>
    </message>
    <message>
        <source>exploding</source>
        <translation>폭주</translation>
    </message>
    <message>
        <source>vanishing</source>
        <translation>소실</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>▲ exploding</source>
        <translation>▲ 폭주</translation>
    </message>
    <message>
        <source>▼ vanishing</source>
        <translation>▼ 소실</translation>
    </message>
    <message>
        <source>At step %1: global norm %2%3</source>
        <translation>스텝 %1: 전체 노름 %2%3</translation>
    </message>
</context>
<context>
    <name>attn::ui::HeadsPanel</name>
    <message>
        <source>Encoder self-attention</source>
        <translation>인코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>디코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>크로스 어텐션</translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation>엔트로피 (비트)</translation>
    </message>
    <message>
        <source>mean distance (positions)</source>
        <translation>평균 거리 (위치)</translation>
    </message>
    <message>
        <source>0: each query attends to one key; log₂(keys): evenly to all</source>
        <translation>0: 각 쿼리가 키 하나에 주목, log₂(키 개수): 모두에 고르게</translation>
    </message>
    <message>
        <source>How far from its own position a query reads, weighted</source>
        <translation>쿼리가 자기 위치에서 얼마나 먼 곳을 읽는지 (가중 평균)</translation>
    </message>
    <message>
        <source>Head statistics appear after the first snapshot</source>
        <translation>첫 스냅샷 뒤에 헤드 통계가 나타납니다</translation>
    </message>
    <message>
        <source>bits</source>
        <translation>비트</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
    <message>
        <source>%1 per head · %2</source>
        <translation>헤드별 %1 · %2</translation>
    </message>
    <message>
        <source>Attention entropy</source>
        <translation>어텐션 엔트로피</translation>
    </message>
    <message>
        <source>Mean attention distance</source>
        <translation>평균 어텐션 거리</translation>
    </message>
    <message>
        <source> · measuring %1 of %2 moments</source>
        <translation> · %2개 시점 중 %1개 측정 중</translation>
    </message>
</context>
<context>
    <name>attn::ui::InspectorPanel</name>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Type a source sentence and press Enter</source>
        <translation>소스 문장을 입력하고 Enter를 누르세요</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>검사</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>그리디</translation>
    </message>
    <message>
        <source>Beam search</source>
        <translation>빔 서치</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>번역</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <source>head </source>
        <translation>헤드 </translation>
    </message>
    <message>
        <source>The query position whose stages are shown</source>
        <translation>단계를 보여 줄 쿼리 위치</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>단계</translation>
    </message>
    <message>
        <source>Data flow</source>
        <translation>데이터 흐름</translation>
    </message>
    <message>
        <source>Checkpoint nearest the timeline&apos;s moment</source>
        <translation>타임라인 시점에 가장 가까운 체크포인트</translation>
    </message>
    <message>
        <source>Best checkpoint</source>
        <translation>최고 체크포인트</translation>
    </message>
    <message>
        <source>Last checkpoint</source>
        <translation>마지막 체크포인트</translation>
    </message>
    <message>
        <source>Live: the weights being trained</source>
        <translation>실시간: 학습 중인 가중치</translation>
    </message>
    <message>
        <source>Untrained: the setup&apos;s model, from its seed</source>
        <translation>학습 전: 설정의 시드로 만든 모델</translation>
    </message>
    <message>
        <source>Waiting for the next training step&apos;s weights…</source>
        <translation>다음 학습 스텝의 가중치를 기다리는 중…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>읽는 중…</translation>
    </message>
    <message>
        <source>read in %1 ms</source>
        <translation>%1 ms 만에 읽음</translation>
    </message>
    <message>
        <source>&lt;i&gt;The pieces appear here once a model is read.&lt;/i&gt;</source>
        <translation>&lt;i&gt;모델을 읽으면 여기에 조각이 나타납니다.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 (unknown)</source>
        <translation>%1 (모름)</translation>
    </message>
    <message numerus="yes">
        <source> &lt;b&gt;%n piece(s) beyond the model&apos;s positions are cut&lt;/b&gt;</source>
        <translation>
            <numerusform> &lt;b&gt;모델의 위치 수를 넘는 조각 %n개를 잘랐습니다&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;i&gt;No pieces yet.&lt;/i&gt;</source>
        <translation>&lt;i&gt;아직 조각이 없습니다.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Encoder layer %1</source>
        <translation>인코더 레이어 %1</translation>
    </message>
    <message>
        <source>Decoder layer %1</source>
        <translation>디코더 레이어 %1</translation>
    </message>
    <message>
        <source>position %1: %2</source>
        <translation>위치 %1: %2</translation>
    </message>
    <message>
        <source>%1 · head %2 · %3</source>
        <translation>%1 · 헤드 %2 · %3</translation>
    </message>
    <message>
        <source>no live weights yet: they arrive at the next training step</source>
        <translation>아직 실시간 가중치가 없습니다: 다음 학습 스텝에서 도착합니다</translation>
    </message>
    <message>
        <source>no run is open: open a run (File → Open run…) or choose the untrained model</source>
        <translation>열린 실행이 없습니다: 실행을 열거나(파일 → 실행 열기…) 학습 전 모델을 고르세요</translation>
    </message>
    <message>
        <source>reads %1</source>
        <translation>%1에서 읽음</translation>
    </message>
    <message>
        <source>Another run is open: press Enter to read the sentence with its model</source>
        <translation>다른 실행이 열렸습니다: Enter를 누르면 그 실행의 모델로 문장을 읽습니다</translation>
    </message>
    <message>
        <source>no Hugging Face model is open (File → Open Hugging Face model…)</source>
        <translation>열린 Hugging Face 모델이 없습니다 (파일 → Hugging Face 모델 열기…)</translation>
    </message>
    <message>
        <source>Hugging Face: %1</source>
        <translation>Hugging Face: %1</translation>
    </message>
</context>
<context>
    <name>attn::ui::LossPlot</name>
    <message>
        <source>Log scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>따라가기</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>loss (nats per token)</source>
        <translation>손실 (토큰당 nat)</translation>
    </message>
    <message>
        <source>learning rate · accuracy</source>
        <translation>학습률 · 정확도</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>train loss (smoothed)</source>
        <translation>학습 손실 (평활)</translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation>평가 손실</translation>
    </message>
    <message>
        <source>token accuracy</source>
        <translation>토큰 정확도</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>정확 일치</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>learning rate × %1</source>
        <translation>학습률 × %1</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG 내보내기…</translation>
    </message>
</context>
<context>
    <name>attn::ui::MainMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New run</source>
        <translation>새 실행(&amp;N)</translation>
    </message>
    <message>
        <source>Open &amp;run…</source>
        <translation>실행 열기(&amp;R)…</translation>
    </message>
    <message>
        <source>Open run directory</source>
        <translation>실행 디렉터리 열기</translation>
    </message>
    <message>
        <source>&amp;Browse runs…</source>
        <translation>실행 둘러보기(&amp;B)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+B</source>
        <translation>Ctrl+Shift+B</translation>
    </message>
    <message>
        <source>Recent r&amp;uns</source>
        <translation>최근 실행(&amp;U)</translation>
    </message>
    <message>
        <source>Co&amp;mpare with run…</source>
        <translation>다른 실행과 비교(&amp;M)…</translation>
    </message>
    <message>
        <source>Compare with run directory</source>
        <translation>비교할 실행 디렉터리</translation>
    </message>
    <message>
        <source>Stop compa&amp;ring</source>
        <translation>비교 끝내기(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;configuration…</source>
        <translation>설정 파일 열기(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Save configuration…</source>
        <translation>설정 파일 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export figure…</source>
        <translation>그림 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>그림 내보내기</translation>
    </message>
    <message>
        <source>Export &amp;all figures…</source>
        <translation>모든 그림 내보내기(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Write the &amp;tutorial figures…</source>
        <translation>튜토리얼 그림 쓰기(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>&amp;Continue a run…</source>
        <translation>실행 이어서 학습(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Return</source>
        <translation>Ctrl+Shift+Return</translation>
    </message>
    <message>
        <source>Continue run directory</source>
        <translation>이어서 학습할 실행 폴더</translation>
    </message>
    <message>
        <source>Continue the open run from its newest checkpoint (to the setup&apos;s epochs when they are more); with no run open, choose one</source>
        <translation>열린 실행을 가장 최근 체크포인트부터 이어서 학습합니다 (설정의 에폭이 더 많으면 그만큼). 열린 실행이 없으면 하나를 고르세요</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>일시 정지 / 계속(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Ti&amp;meline</source>
        <translation>타임라인(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Previous moment</source>
        <translation>이전 시점(&amp;P)</translation>
    </message>
    <message>
        <source>Alt+Left</source>
        <translation>Alt+Left</translation>
    </message>
    <message>
        <source>&amp;Next moment</source>
        <translation>다음 시점(&amp;N)</translation>
    </message>
    <message>
        <source>Alt+Right</source>
        <translation>Alt+Right</translation>
    </message>
    <message>
        <source>&amp;First moment</source>
        <translation>첫 시점(&amp;F)</translation>
    </message>
    <message>
        <source>Alt+Home</source>
        <translation>Alt+Home</translation>
    </message>
    <message>
        <source>&amp;Last moment</source>
        <translation>마지막 시점(&amp;L)</translation>
    </message>
    <message>
        <source>Alt+End</source>
        <translation>Alt+End</translation>
    </message>
    <message>
        <source>Play / &amp;pause</source>
        <translation>재생 / 일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Alt+P</source>
        <translation>Alt+P</translation>
    </message>
    <message>
        <source>Follow &amp;live</source>
        <translation>실시간 따라가기(&amp;L)</translation>
    </message>
    <message>
        <source>Alt+L</source>
        <translation>Alt+L</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Inspect a sentence</source>
        <translation>문장 살펴보기(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>배치 초기화(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation>지금 보는 것은?(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;About Attention Studio</source>
        <translation>Attention Studio 정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;%1 %2 — %3</source>
        <translation>&amp;%1 %2 — %3</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>설정 파일 저장</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>설정 파일 열기</translation>
    </message>
    <message>
        <source>About Attention Studio</source>
        <translation>Attention Studio 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Attention Studio %1&lt;/h3&gt;&lt;p&gt;Watch a Transformer from “Attention Is All You Need” learn.&lt;/p&gt;&lt;p&gt;Qt %2 · %3&lt;br&gt;device: %4 · %5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Attention Studio %1&lt;/h3&gt;&lt;p&gt;“Attention Is All You Need”의 트랜스포머가 배우는 모습을 지켜보세요.&lt;/p&gt;&lt;p&gt;Qt %2 · %3&lt;br&gt;장치: %4 · %5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>threads: automatic, up to %1 of this machine&apos;s processors (measured while training; the status bar shows the count in use)</source>
        <translation>스레드: 자동, 이 컴퓨터 프로세서 중 최대 %1개 (학습하면서 측정하며, 상태 표시줄에 사용 중인 개수가 나옵니다)</translation>
    </message>
    <message>
        <source>Open &amp;Hugging Face model…</source>
        <translation>&amp;Hugging Face 모델 열기…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>Open a MarianMT folder (config.json, model.safetensors, *.spm, vocab.json)</source>
        <translation>MarianMT 폴더 열기 (config.json, model.safetensors, *.spm, vocab.json)</translation>
    </message>
</context>
<context>
    <name>attn::ui::MainWindow</name>
    <message>
        <source>Attention Studio</source>
        <translation>Attention Studio</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>학습 곡선</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Cannot show this moment: %1</source>
        <translation>이 시점을 보여 줄 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Stop the training first: a run is in progress</source>
        <translation>먼저 학습을 멈추세요: 실행이 진행 중입니다</translation>
    </message>
    <message>
        <source>— opened %1 —</source>
        <translation>— %1 열림 —</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>실행 열기</translation>
    </message>
    <message>
        <source>Compare with run</source>
        <translation>다른 실행과 비교</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>학습이 진행 중입니다</translation>
    </message>
    <message>
        <source>Stop training and close? The run keeps a checkpoint.</source>
        <translation>학습을 멈추고 닫을까요? 실행에는 체크포인트가 남습니다.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The window changes to this language when the training ends; new messages and dialogs use it now.</source>
        <translation>학습이 끝나면 창이 이 언어로 바뀝니다. 새 메시지와 대화 상자는 지금부터 이 언어를 씁니다.</translation>
    </message>
    <message>
        <source>Open Hugging Face model</source>
        <translation>Hugging Face 모델 열기</translation>
    </message>
    <message>
        <source>— opened the Hugging Face model %1 —</source>
        <translation>— Hugging Face 모델 %1을(를) 열었습니다 —</translation>
    </message>
</context>
<context>
    <name>attn::ui::PanelRegistry</name>
    <message>
        <source>Samples</source>
        <translation>샘플</translation>
    </message>
    <message>
        <source>Q/K/V norms</source>
        <translation>Q/K/V 노름</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>그래디언트 흐름</translation>
    </message>
    <message>
        <source>FFN activations</source>
        <translation>FFN 활성값</translation>
    </message>
    <message>
        <source>Residual stream</source>
        <translation>잔차 스트림</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Alignment</source>
        <translation>정렬</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>헤드</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>인스펙터</translation>
    </message>
    <message>
        <source>Q/K/V</source>
        <translation>Q/K/V</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>그래디언트</translation>
    </message>
    <message>
        <source>FFN</source>
        <translation>FFN</translation>
    </message>
    <message>
        <source>Residual</source>
        <translation>잔차</translation>
    </message>
</context>
<context>
    <name>attn::ui::QkvPanel</name>
    <message>
        <source>Encoder self-attention</source>
        <translation>인코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>디코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>크로스 어텐션</translation>
    </message>
    <message>
        <source>Q (queries)</source>
        <translation>Q (쿼리)</translation>
    </message>
    <message>
        <source>K (keys)</source>
        <translation>K (키)</translation>
    </message>
    <message>
        <source>V (values)</source>
        <translation>V (값)</translation>
    </message>
    <message>
        <source>Per head</source>
        <translation>헤드별</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>mean ‖·‖₂ per position</source>
        <translation>위치당 평균 ‖·‖₂</translation>
    </message>
    <message>
        <source>Q/K/V norms appear after the first snapshot</source>
        <translation>첫 스냅샷 뒤에 Q/K/V 노름이 나타납니다</translation>
    </message>
    <message>
        <source>mean ‖·‖₂</source>
        <translation>평균 ‖·‖₂</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>%1 norms · %2</source>
        <translation>%1 노름 · %2</translation>
    </message>
    <message>
        <source> · per head</source>
        <translation> · 헤드별</translation>
    </message>
</context>
<context>
    <name>attn::ui::ResidualPanel</name>
    <message>
        <source>mean ‖x‖₂ per position</source>
        <translation>위치당 평균 ‖x‖₂</translation>
    </message>
    <message>
        <source>The residual stream appears after the first snapshot</source>
        <translation>첫 스냅샷 뒤에 잔차 스트림이 나타납니다</translation>
    </message>
    <message>
        <source>Residual stream norm after each LayerNorm (an earlier version&apos;s run)</source>
        <translation>각 LayerNorm 뒤의 잔차 스트림 노름 (이전 버전의 실행)</translation>
    </message>
    <message>
        <source>Residual stream norm after each sub-layer, before LayerNorm</source>
        <translation>각 서브레이어 뒤, LayerNorm 전의 잔차 스트림 노름</translation>
    </message>
    <message>
        <source>self-attn</source>
        <translation>셀프 어텐션</translation>
    </message>
    <message>
        <source>FFN</source>
        <translation>FFN</translation>
    </message>
    <message>
        <source>enc %1 %2</source>
        <translation>인코더 %1 %2</translation>
    </message>
    <message>
        <source>cross-attn</source>
        <translation>크로스 어텐션</translation>
    </message>
    <message>
        <source>dec %1 %2</source>
        <translation>디코더 %1 %2</translation>
    </message>
    <message>
        <source>step %1 (first capture)</source>
        <translation>스텝 %1 (첫 캡처)</translation>
    </message>
    <message>
        <source>step %1 (epoch %2)</source>
        <translation>스텝 %1 (에폭 %2)</translation>
    </message>
</context>
<context>
    <name>attn::ui::RunHistory</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1: 그런 폴더가 없습니다</translation>
    </message>
    <message>
        <source>%1: missing; this folder is not a run directory</source>
        <translation>%1: 없습니다. 이 폴더는 실행 디렉터리가 아닙니다</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not valid JSON (%2 at byte %3)</source>
        <translation>%1: 올바른 JSON이 아닙니다 (바이트 %3에서 %2)</translation>
    </message>
    <message>
        <source>%1: missing; the run recorded no history</source>
        <translation>%1: 없습니다. 이 실행은 기록을 남기지 않았습니다</translation>
    </message>
    <message>
        <source>%1: the database is damaged (integrity check failed)</source>
        <translation>%1: 데이터베이스가 손상되었습니다 (무결성 검사 실패)</translation>
    </message>
    <message>
        <source>no captured moment %1</source>
        <translation>캡처된 시점 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>%1: the run&apos;s history cannot be read</source>
        <translation>%1: 실행 기록을 읽을 수 없습니다</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged moment(s) of %1 left out of the timeline; the log says which</source>
        <translation>
            <numerusform>%1의 손상된 시점 %n개를 타임라인에서 뺐습니다. 어떤 시점인지는 로그에 있습니다</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>attn::ui::RunLifecycle</name>
    <message>
        <source>preparing data…</source>
        <translation>데이터 준비 중…</translation>
    </message>
    <message>
        <source>— training %1 on %2 —</source>
        <translation>— %2(으)로 %1 학습 —</translation>
    </message>
    <message>
        <source>— continuing %1 —</source>
        <translation>— %1 이어서 학습 —</translation>
    </message>
    <message>
        <source>stopping after this step…</source>
        <translation>이 스텝 뒤에 멈추는 중…</translation>
    </message>
    <message>
        <source>paused at step %1</source>
        <translation>스텝 %1에서 일시 정지</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시 정지됨</translation>
    </message>
    <message>
        <source>ETA estimating…</source>
        <translation>남은 시간 추정 중…</translation>
    </message>
    <message>
        <source>ETA ~%1</source>
        <translation>남은 시간 약 %1</translation>
    </message>
    <message>
        <source>epoch %1 · step %2 · loss %3 · %L4 tokens/s · %5</source>
        <translation>에폭 %1 · 스텝 %2 · 손실 %3 · 초당 %L4 토큰 · %5</translation>
    </message>
    <message>
        <source>epoch %1 · step %2</source>
        <translation>에폭 %1 · 스텝 %2</translation>
    </message>
    <message>
        <source>%L1 tokens/s · 1 thread</source>
        <translation>초당 %L1 토큰 · 스레드 1개</translation>
    </message>
    <message>
        <source>%L1 tokens/s · %L2 threads</source>
        <translation>초당 %L1 토큰 · 스레드 %L2개</translation>
    </message>
    <message>
        <source>%1 after %2 steps</source>
        <translation>%2 스텝 뒤 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 steps</source>
        <translation>%1 스텝</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>Continue run</source>
        <translation>실행 이어서 학습</translation>
    </message>
    <message>
        <source>%1

Train this run again from step 0? What it recorded (metrics.csv, history.sqlite, the checkpoints) is kept aside under other names, not deleted.</source>
        <translation>%1

이 실행을 스텝 0부터 다시 학습할까요? 기록된 것(metrics.csv, history.sqlite, 체크포인트)은 지우지 않고 다른 이름으로 따로 보관합니다.</translation>
    </message>
    <message>
        <source>Train again from step 0</source>
        <translation>스텝 0부터 다시 학습</translation>
    </message>
    <message>
        <source>%1 run: %2 steps, %3 captured moments</source>
        <translation>%1 실행: %2 스텝, 캡처된 시점 %3개</translation>
    </message>
</context>
<context>
    <name>attn::ui::RunStatusBar</name>
    <message>
        <source>device: %1 · threads: automatic</source>
        <translation>장치: %1 · 스레드: 자동</translation>
    </message>
    <message>
        <source>device: %1</source>
        <translation>장치: %1</translation>
    </message>
</context>
<context>
    <name>attn::ui::RunSummary</name>
    <message>
        <source>%1: cannot be read (%2)</source>
        <translation>%1: 읽을 수 없습니다 (%2)</translation>
    </message>
    <message>
        <source>%1: not JSON at byte %2 (%3)</source>
        <translation>%1: 바이트 %2에서 JSON이 아닙니다 (%3)</translation>
    </message>
    <message>
        <source>%1: expected a JSON object</source>
        <translation>%1: JSON 객체여야 합니다</translation>
    </message>
    <message>
        <source>%1: no &quot;status&quot;</source>
        <translation>%1: &quot;status&quot;가 없습니다</translation>
    </message>
    <message>
        <source>unreadable run.json</source>
        <translation>읽을 수 없는 run.json</translation>
    </message>
    <message>
        <source>running</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>early-stopped</source>
        <translation>조기 종료</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
</context>
<context>
    <name>attn::ui::RunsBrowser</name>
    <message>
        <source>Runs in %1</source>
        <translation>%1의 실행</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>과제</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Best eval loss</source>
        <translation>최저 평가 손실</translation>
    </message>
    <message>
        <source>Exact match %</source>
        <translation>정확 일치 %</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Filter: task, model, status, name…</source>
        <translation>필터: 과제, 모델, 상태, 이름…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>열기(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Compare with the open run</source>
        <translation>열린 실행과 비교(&amp;C)</translation>
    </message>
    <message>
        <source>Move to &amp;trash…</source>
        <translation>휴지통으로 이동(&amp;T)…</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>휴지통으로 이동</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>읽을 수 없음</translation>
    </message>
    <message>
        <source>This run is open, training or compared</source>
        <translation>이 실행은 열려 있거나, 학습 중이거나, 비교 중입니다</translation>
    </message>
    <message>
        <source>%1 runs</source>
        <translation>실행 %1개</translation>
    </message>
    <message>
        <source>%1 of %2 runs</source>
        <translation>실행 %2개 중 %1개</translation>
    </message>
    <message>
        <source>%1: this run is open, training or compared</source>
        <translation>%1: 이 실행은 열려 있거나, 학습 중이거나, 비교 중입니다</translation>
    </message>
    <message>
        <source>Move the run %1 to the trash?</source>
        <translation>실행 %1을(를) 휴지통으로 옮길까요?</translation>
    </message>
    <message>
        <source>%1 cannot be moved to the trash. Delete it permanently?</source>
        <translation>%1을(를) 휴지통으로 옮길 수 없습니다. 영구히 삭제할까요?</translation>
    </message>
    <message>
        <source>%1: could not be deleted completely</source>
        <translation>%1: 완전히 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Co&amp;ntinue training</source>
        <translation>이어서 학습(&amp;N)</translation>
    </message>
    <message>
        <source>From the run&apos;s newest checkpoint, to its own number of epochs</source>
        <translation>실행의 가장 최근 체크포인트부터 그 실행의 에폭 수까지</translation>
    </message>
    <message>
        <source>%1 · deterministic</source>
        <translation>%1 · 결정적</translation>
    </message>
</context>
<context>
    <name>attn::ui::SamplesPanel</name>
    <message>
        <source>Wrong only</source>
        <translation>틀린 것만</translation>
    </message>
    <message>
        <source>Show only the examples greedy decoding got wrong</source>
        <translation>그리디 디코딩이 틀린 예제만 보기</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>소스</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>정답</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>그리디</translation>
    </message>
    <message>
        <source>Beam</source>
        <translation>빔</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>정답 여부</translation>
    </message>
    <message>
        <source>Choose one of the first rows (the probe examples) to see its attention; double-click any row (or press Enter on it) to read its source in the Inspector with the checkpoint nearest this moment</source>
        <translation>처음 몇 행(프로브 예제) 중 하나를 선택하면 그 어텐션이 보입니다. 아무 행이나 더블클릭하면(또는 Enter를 누르면) 이 시점에 가장 가까운 체크포인트로 그 소스 문장을 인스펙터에서 읽습니다</translation>
    </message>
    <message>
        <source>Predictions appear after the first evaluation</source>
        <translation>첫 평가 뒤에 예측이 나타납니다</translation>
    </message>
    <message>
        <source>Epoch %1 (step %2) · exact match %3% · BLEU %4</source>
        <translation>에폭 %1 (스텝 %2) · 정확 일치 %3% · BLEU %4</translation>
    </message>
    <message>
        <source> · rows 1–%1 show their attention when chosen</source>
        <translation> · 1–%1행은 선택하면 어텐션이 보입니다</translation>
    </message>
    <message>
        <source>No attention recorded for this example: the run records it for the first example only</source>
        <translation>이 예제의 어텐션은 기록되지 않았습니다: 이 실행은 첫 예제의 어텐션만 기록합니다</translation>
    </message>
    <message>
        <source>No attention recorded for this example: the run records it for the first %1 examples</source>
        <translation>이 예제의 어텐션은 기록되지 않았습니다: 이 실행은 처음 %1개 예제의 어텐션만 기록합니다</translation>
    </message>
    <message>
        <source> · wrong only: %1 of %2</source>
        <translation> · 틀린 것만: %2개 중 %1개</translation>
    </message>
    <message>
        <source>%1 character edits from the reference: %2 changed or extra (underlined), %3 missing (struck through)</source>
        <translation>정답과 %1자 다름: 바뀌었거나 더해진 문자 %2개 (밑줄), 빠진 문자 %3개 (취소선)</translation>
    </message>
</context>
<context>
    <name>attn::ui::SetupColumn</name>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Cannot train: fix the setup above</source>
        <translation>학습할 수 없습니다: 위의 설정을 고치세요</translation>
    </message>
    <message>
        <source>Cannot train: %1</source>
        <translation>학습할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
</context>
<context>
    <name>attn::ui::SetupPanel</name>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Open corpus…</source>
        <translation>말뭉치 열기…</translation>
    </message>
    <message>
        <source>Use the task instead</source>
        <translation>대신 과제 사용</translation>
    </message>
    <message>
        <source>Train on the built-in task chosen above, not on the corpus</source>
        <translation>말뭉치 대신 위에서 고른 내장 과제로 학습합니다</translation>
    </message>
    <message>
        <source>none (built-in task)</source>
        <translation>없음 (내장 과제)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>과제</translation>
    </message>
    <message>
        <source>Train pairs</source>
        <translation>학습 쌍</translation>
    </message>
    <message>
        <source>Eval pairs</source>
        <translation>평가 쌍</translation>
    </message>
    <message>
        <source>Min length</source>
        <translation>최소 길이</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>최대 길이</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>from scratch</source>
        <translation>직접 구현</translation>
    </message>
    <message>
        <source>LibTorch layers</source>
        <translation>LibTorch 레이어</translation>
    </message>
    <message>
        <source>both, one after the other</source>
        <translation>둘 다, 차례로</translation>
    </message>
    <message>
        <source>tied embeddings (§3.4)</source>
        <translation>임베딩 가중치 공유 (§3.4)</translation>
    </message>
    <message>
        <source>Share the embeddings and the output projection&apos;s weights (§3.4)</source>
        <translation>임베딩과 출력 투영이 가중치를 공유합니다 (§3.4)</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <source>Implementation</source>
        <translation>구현</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>헤드</translation>
    </message>
    <message>
        <source>Encoder layers</source>
        <translation>인코더 레이어</translation>
    </message>
    <message>
        <source>Decoder layers</source>
        <translation>디코더 레이어</translation>
    </message>
    <message>
        <source>d_ff</source>
        <translation>d_ff</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Noam (warm-up, §5.3)</source>
        <translation>Noam (워밍업, §5.3)</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>고정</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>No CUDA device is available to this LibTorch build</source>
        <translation>이 LibTorch 빌드에서 쓸 수 있는 CUDA 장치가 없습니다</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>auto (bf16 where the GPU has it)</source>
        <translation>자동 (GPU가 지원하면 bf16)</translation>
    </message>
    <message>
        <source>bf16 autocast</source>
        <translation>bf16 autocast</translation>
    </message>
    <message>
        <source>fp16 autocast + loss scaling</source>
        <translation>fp16 autocast + 손실 스케일링</translation>
    </message>
    <message>
        <source>Mixed precision needs a CUDA device; no CUDA device is available to this LibTorch build, so training is in float32</source>
        <translation>혼합 정밀도에는 CUDA 장치가 필요합니다. 이 LibTorch 빌드에서 쓸 수 있는 CUDA 장치가 없으므로 float32로 학습합니다</translation>
    </message>
    <message>
        <source>Autocast to bf16 or fp16 on the GPU (--amp); LayerNorm, softmax and the loss stay in float32</source>
        <translation>GPU에서 bf16 또는 fp16으로 autocast합니다(--amp). LayerNorm, softmax, 손실은 float32로 남습니다</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation>CUDA 그래프</translation>
    </message>
    <message>
        <source>replay each step from recorded graphs</source>
        <translation>기록한 그래프로 단계마다 재생</translation>
    </message>
    <message>
        <source>CUDA graphs need a CUDA LibTorch 2.x; this build has none</source>
        <translation>CUDA 그래프에는 CUDA LibTorch 2.x가 필요한데 이 빌드에는 없습니다</translation>
    </message>
    <message>
        <source>CUDA graphs need a CUDA device; none is available to this LibTorch build</source>
        <translation>CUDA 그래프에는 CUDA 장치가 필요한데 이 LibTorch 빌드에서 쓸 수 있는 장치가 없습니다</translation>
    </message>
    <message>
        <source>--cuda-graphs: batches padded to a multiple of 16 tokens, each shape recorded once and replayed (one process, accumulation 1, float32 or bf16)</source>
        <translation>--cuda-graphs: 배치를 16토큰의 배수로 채우고 모양마다 한 번 기록해 재생합니다(프로세스 하나, 누적 1, float32 또는 bf16)</translation>
    </message>
    <message>
        <source>CUDA: no CUDA device is available to this LibTorch build</source>
        <translation>CUDA: 이 LibTorch 빌드에서 쓸 수 있는 CUDA 장치가 없습니다</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>epoch ends</source>
        <translation>에폭 종료 시</translation>
    </message>
    <message>
        <source>log stage by stage</source>
        <translation>단계별 로그</translation>
    </message>
    <message>
        <source>Log the first steps&apos; attention stage by stage</source>
        <translation>처음 몇 스텝의 어텐션을 단계별로 로그에 남깁니다</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>워밍업 스텝</translation>
    </message>
    <message>
        <source>LR factor</source>
        <translation>학습률 계수</translation>
    </message>
    <message>
        <source>Constant LR</source>
        <translation>고정 학습률</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>레이블 스무딩</translation>
    </message>
    <message>
        <source>Clip gradient norm</source>
        <translation>그래디언트 노름 클리핑</translation>
    </message>
    <message>
        <source>Accumulate batches</source>
        <translation>배치 누적</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>Capture every N steps</source>
        <translation>N 스텝마다 캡처</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>디버그</translation>
    </message>
    <message>
        <source>Open corpus: a TSV file, or the source side of two aligned files</source>
        <translation>말뭉치 열기: TSV 파일, 또는 정렬된 두 파일 중 소스 쪽</translation>
    </message>
    <message>
        <source>Sentence pairs (*.tsv *.txt);;All files (*)</source>
        <translation>문장 쌍 (*.tsv *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open the aligned target file (cancel for TSV)</source>
        <translation>정렬된 타깃 파일 열기 (TSV라면 취소)</translation>
    </message>
    <message>
        <source>Text (*.txt);;All files (*)</source>
        <translation>텍스트 (*.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Choose a task to train on it instead of the corpus</source>
        <translation>말뭉치 대신 학습할 과제를 고르세요</translation>
    </message>
    <message>
        <source>Not used by this task</source>
        <translation>이 과제에서는 쓰지 않습니다</translation>
    </message>
    <message>
        <source>Example length, in %1</source>
        <translation>예제 길이 (%1 단위)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>parameters: counted once the data is read (the vocabulary comes from it)</source>
        <translation>파라미터: 데이터를 읽은 뒤에 셉니다 (어휘가 데이터에서 나오므로)</translation>
    </message>
    <message>
        <source>%L1 parameters (vocabulary %2 from the data) · training state %3</source>
        <translation>파라미터 %L1개 (데이터에서 얻은 어휘 %2) · 학습 상태 %3</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>사용자 정의</translation>
    </message>
    <message>
        <source>This build cannot train across processes (LibTorch&apos;s c10d with Gloo was missing when it was built)</source>
        <translation>이 빌드는 여러 프로세스로 학습할 수 없습니다(빌드할 때 LibTorch의 c10d와 Gloo가 없었습니다)</translation>
    </message>
    <message>
        <source>Processes on this computer that train one model together, each on its own batch of the size above (a step sees processes × batch size examples). This window is rank 0, which the live views follow; ranks 1… run attention-train.</source>
        <translation>이 컴퓨터에서 하나의 모델을 함께 학습하는 프로세스 수입니다. 각 프로세스는 위에서 정한 크기의 배치를 따로 맡습니다(한 스텝은 프로세스 수 × 배치 크기만큼의 예제를 봅니다). 이 창이 랭크 0이며 실시간 보기는 랭크 0을 따릅니다. 랭크 1부터는 attention-train이 실행합니다.</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>프로세스</translation>
    </message>
    <message>
        <source>same numbers for the same seed</source>
        <translation>시드로 재현</translation>
    </message>
    <message>
        <source>A fixed thread count and deterministic kernels: the same seed and settings give the same loss at every step. Without it the thread count follows the machine&apos;s load, which is faster on a busy machine but adds numbers in another order.</source>
        <translation>스레드 수를 고정하고 결정적 커널을 씁니다: 같은 시드와 설정이면 모든 스텝에서 같은 손실이 나옵니다. 이 옵션이 없으면 스레드 수가 컴퓨터의 부하를 따라가므로, 바쁜 컴퓨터에서는 더 빠르지만 숫자를 더하는 순서가 달라집니다.</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>결정적 학습</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>attn::ui::StageView</name>
    <message>
        <source>linear</source>
        <translation>선형</translation>
    </message>
    <message>
        <source>non-linear</source>
        <translation>비선형</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>항등</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Embedding and positional encoding (§3.4, §3.5)</source>
        <translation>임베딩과 위치 인코딩 (§3.4, §3.5)</translation>
    </message>
    <message>
        <source>Self-attention (§3.2)</source>
        <translation>셀프 어텐션 (§3.2)</translation>
    </message>
    <message>
        <source>Encoder–decoder attention (§3.2.3)</source>
        <translation>인코더–디코더 어텐션 (§3.2.3)</translation>
    </message>
    <message>
        <source>Position-wise feed-forward network (§3.3)</source>
        <translation>위치별 피드포워드 네트워크 (§3.3)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Type a sentence above and press Enter: every stage of the chosen layer appears here, as the model computes it.</source>
        <translation>위에 문장을 입력하고 Enter를 누르세요: 선택한 레이어의 모든 단계가 모델이 계산하는 그대로 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>%1, showing %2</source>
        <translation>%1, %2 표시</translation>
    </message>
    <message>
        <source>mean %1 · std %2 · min %3 · max %4</source>
        <translation>평균 %1 · 표준편차 %2 · 최솟값 %3 · 최댓값 %4</translation>
    </message>
    <message numerus="yes">
        <source> · %n at −∞</source>
        <translation>
            <numerusform> · −∞ %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>−∞ (masked)</source>
        <translation>−∞ (마스킹됨)</translation>
    </message>
    <message>
        <source> (silenced)</source>
        <translation> (꺼짐)</translation>
    </message>
    <message>
        <source>%1 · row %2, column %3: %4</source>
        <translation>%1 · %2행, %3열: %4</translation>
    </message>
    <message>
        <source>%1 · %2 %3: %4</source>
        <translation>%1 · %2 %3: %4</translation>
    </message>
    <message>
        <source>key</source>
        <translation>키</translation>
    </message>
    <message>
        <source>component</source>
        <translation>성분</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>attn::ui::Timeline</name>
    <message>
        <source>Previous moment (Alt+Left)</source>
        <translation>이전 시점 (Alt+Left)</translation>
    </message>
    <message>
        <source>Play through the moments (Alt+Space)</source>
        <translation>시점을 차례로 재생 (Alt+Space)</translation>
    </message>
    <message>
        <source>Next moment (Alt+Right)</source>
        <translation>다음 시점 (Alt+Right)</translation>
    </message>
    <message>
        <source>Drag to scrub through training; arrow keys step</source>
        <translation>드래그해 학습 과정을 훑어보세요. 화살표 키로 한 칸씩 이동합니다</translation>
    </message>
    <message>
        <source>%1 /s</source>
        <translation>초당 %1</translation>
    </message>
    <message>
        <source>Moments per second while playing</source>
        <translation>재생할 때 초당 시점 수</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>실시간</translation>
    </message>
    <message>
        <source>Follow the running training (Alt+L)</source>
        <translation>진행 중인 학습 따라가기 (Alt+L)</translation>
    </message>
    <message>
        <source>no captured moments yet</source>
        <translation>아직 캡처된 시점이 없습니다</translation>
    </message>
    <message>
        <source>step %1 · epoch %2%3 · %4/%5</source>
        <translation>스텝 %1 · 에폭 %2%3 · %4/%5</translation>
    </message>
    <message>
        <source> (end)</source>
        <translation> (끝)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
</context>
<context>
    <name>attn::ui::TrainingController</name>
    <message>
        <source>Processes: %1 needs attention-train, which is neither beside this program nor on PATH</source>
        <translation>프로세스: %1개로 학습하려면 attention-train이 필요하지만, 이 프로그램 옆에도 PATH에도 없습니다</translation>
    </message>
    <message>
        <source>Processes: cannot write the configuration for the other processes to %1</source>
        <translation>프로세스: 다른 프로세스에 줄 설정을 %1에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>rank %1: %2</source>
        <translation>랭크 %1: %2</translation>
    </message>
    <message>
        <source>Processes: cannot start %1 (%2)</source>
        <translation>프로세스: %1을(를) 시작할 수 없습니다 (%2)</translation>
    </message>
</context>
<context>
    <name>attn::ui::TranslationTable</name>
    <message>
        <source>Token</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>Top 5</source>
        <translation>상위 5개</translation>
    </message>
    <message>
        <source>p = %1</source>
        <translation>p = %1</translation>
    </message>
    <message>
        <source>%1%2 · log P = %3</source>
        <translation>%1%2 · log P = %3</translation>
    </message>
    <message>
        <source> (stopped at the length limit)</source>
        <translation> (길이 한도에서 멈춤)</translation>
    </message>
</context>
</TS>
