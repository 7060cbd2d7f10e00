// Data-parallel training across processes (c10d with Gloo on loopback):
// attention-train --nproc N, and ranks started by hand with PyTorch's
// variables, against one process with the whole batch; refusals and faults.

#include <QtTest/QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>

#include "attn/train_config.h"
#include "attn/version.h"
#include "attn/world.h"
#include "model/model_factory.h"
#include "train/checkpoint.h"
#include "train/data_parallel.h"

namespace {

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
  double seconds = 0;
};

QProcessEnvironment environment_with(const QMap<QString, QString>& variables) {
  auto environment = QProcessEnvironment::systemEnvironment();
  for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR",
                           "MASTER_PORT", "SLURM_PROCID", "SLURM_NTASKS", "ATTN_FAULT"})
    environment.remove(QString::fromLatin1(name));
  for (auto it = variables.begin(); it != variables.end(); ++it)
    environment.insert(it.key(), it.value());
  return environment;
}

void start(QProcess& process, const QStringList& arguments,
           const QMap<QString, QString>& variables = {}) {
  process.setProcessEnvironment(environment_with(variables));
  process.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
}

Run finish(QProcess& process, const QElapsedTimer& clock) {
  Run run;
  if (!process.waitForFinished(300000)) {
    process.kill();
    process.waitForFinished();
    run.err = "did not finish within 300 s";
    return run;
  }
  run.exit_code = process.exitStatus() == QProcess::CrashExit ? -2 : process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  run.seconds = clock.elapsed() / 1000.0;
  return run;
}

Run run_train(const QStringList& arguments, const QMap<QString, QString>& variables = {}) {
  QElapsedTimer clock;
  clock.start();
  QProcess process;
  start(process, arguments, variables);
  return finish(process, clock);
}

// A tiny copy-task run: 640 pairs, so batches of 32 make 20 steps an epoch.
QStringList tiny(const QString& out, int batch_size, const QString& dropout = "0") {
  return {
      "--task",      "copy",  "--preset",  "tiny", "--train-size",    "640",
      "--eval-size", "20",    "--epochs",  "1",    "--batch-size",    QString::number(batch_size),
      "--dropout",   dropout, "--threads", "1",    "--capture-every", "0",
      "--quiet",     "--out", out};
}

QString only_run_in(const QString& runs) {
  const auto entries = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
  return entries.size() == 1 ? QDir(runs).filePath(entries.front()) : QString();
}

// The one run directory in `runs` once it holds `file` (within a minute), or empty.
QString run_once_written(const QString& runs, const QString& file) {
  for (int i = 0; i < 600; ++i) {
    const QString directory = only_run_in(runs);
    if (!directory.isEmpty() && QFile::exists(QDir(directory).filePath(file))) return directory;
    QTest::qWait(100);
  }
  return {};
}

// step → loss, and the steps seen twice.
std::map<qint64, double> step_losses(const QString& directory, QStringList* repeated = nullptr) {
  std::map<qint64, double> losses;
  QFile file(QDir(directory).filePath("metrics.csv"));
  if (!file.open(QIODevice::ReadOnly)) return losses;
  for (const QString& line : QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts)) {
    const auto fields = line.split(',');
    if (fields.size() < 5 || fields[0] != "step") continue;
    if (!losses.emplace(fields[2].toLongLong(), fields[4].toDouble()).second && repeated)
      *repeated << fields[2];
  }
  return losses;
}

QJsonObject run_json(const QString& directory) {
  QFile file(QDir(directory).filePath("run.json"));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

using Parameters = torch::OrderedDict<std::string, torch::Tensor>;

Parameters checkpoint_parameters(const QString& path) {
  std::string error;
  const auto state = attn::read_checkpoint_state(path.toStdString(), &error);
  if (!state) return Parameters();
  const auto config =
      attn::run_config_from_json(state->run_config_json, &error, attn::UnknownFields::Ignore);
  if (!config) return Parameters();
  auto model = attn::make_model(config->model, attn::Implementation::Scratch, 1);
  if (!attn::load_checkpoint(path.toStdString(), *model, nullptr, false, &error))
    return Parameters();
  return model->named_parameters();
}

int free_port() { return attn::free_loopback_port(); }

QMap<QString, QString> rank_variables(int rank, int size, int port) {
  return {{"RANK", QString::number(rank)},       {"WORLD_SIZE", QString::number(size)},
          {"LOCAL_RANK", QString::number(rank)}, {"LOCAL_WORLD_SIZE", QString::number(size)},
          {"MASTER_ADDR", "127.0.0.1"},          {"MASTER_PORT", QString::number(port)}};
}

}  // namespace

class TestDistributed : public QObject {
  Q_OBJECT

  QTemporaryDir m_work;

 private Q_SLOTS:
  // Every example of a batch goes to exactly one rank, in order, the ranks'
  // shares within one example of each other.
  void rankSharesCoverTheBatch() {
    for (int size : {1, 2, 3, 5}) {
      for (std::size_t n : {0, 1, 2, 7, 16, 33}) {
        std::vector<std::size_t> batch(n);
        for (std::size_t i = 0; i < n; ++i) batch[i] = 100 + i;
        std::vector<std::size_t> joined;
        std::size_t smallest = n, largest = 0;
        for (int rank = 0; rank < size; ++rank) {
          attn::World world;
          world.size = size;
          world.rank = rank;
          const auto share = attn::rank_share(batch, world);
          joined.insert(joined.end(), share.begin(), share.end());
          smallest = std::min(smallest, share.size());
          largest = std::max(largest, share.size());
        }
        QVERIFY(joined == batch);
        QVERIFY(largest - std::min(smallest, largest) <= 1);
      }
    }
  }

  void firstDifferenceNamesTheField() {
    const auto zero = nlohmann::json::parse(R"({"train": {"batch_size": 32, "lr": 1}, "seed": 1})");
    QCOMPARE(attn::first_difference(zero, zero), std::string());
    auto other = zero;
    other["train"]["batch_size"] = 16;
    QCOMPARE(attn::first_difference(zero, other),
             std::string("train.batch_size: 32 on rank 0 against 16"));
    other = zero;
    other["train"].erase("lr");
    QCOMPARE(attn::first_difference(zero, other), std::string("train.lr: missing"));
    other = zero;
    other["extra"] = true;
    QCOMPARE(attn::first_difference(zero, other), std::string("extra: not on rank 0"));
  }

  void checksumTellsParametersApart() {
    const std::vector<torch::Tensor> parameters = {torch::randn({4, 3}), torch::randn({5})};
    std::vector<torch::Tensor> copies;
    for (const auto& parameter : parameters) copies.push_back(parameter.clone());
    QCOMPARE(attn::parameter_checksum(parameters), attn::parameter_checksum(copies));
    copies[1][2] += 1e-6;
    QVERIFY(attn::parameter_checksum(parameters) != attn::parameter_checksum(copies));
    // Two tensors swapped: the sums alone would agree, the positions do not.
    QVERIFY(attn::parameter_checksum({parameters[0].flatten(), parameters[1]}) !=
            attn::parameter_checksum({parameters[1], parameters[0].flatten()}));
  }

  // The issue's definition of correct: 2 processes × batch 16 take the same
  // steps as 1 process × batch 32 (dropout 0), and end with the same weights.
  // With GELU: ReLU's kink makes the comparison of weights chaotic. The two
  // runs' products round differently (16 rows against 32), and a hidden unit
  // whose pre-activation is within that rounding of 0 passes its whole
  // gradient in one run and none in the other; Adam then moves every weight
  // whose gradient is that small by about the learning rate. Measured with
  // ReLU: 1 seed of 12 ended 4e-5 apart with the separate loss and norm
  // layers, 3 of 9 up to 8e-4 apart with the fused ones; with GELU all 21
  // runs ended within 1.3e-6.
  void twoProcessesTrainAsOneWithTheWholeBatch() {
    const QString one_runs = m_work.filePath("one");
    const QString two_runs = m_work.filePath("two");
    const QStringList smooth = {"--activation", "gelu"};
    const Run one = run_train(tiny(one_runs, 32) + smooth);
    QVERIFY2(one.exit_code == 0, qPrintable(one.err));
    Run two = run_train(tiny(two_runs, 16) + smooth << "--nproc"
                                                    << "2");
    QVERIFY2(two.exit_code == 0, qPrintable(two.err));
    QVERIFY2(two.out.contains("finished after 20 steps"), qPrintable(two.out));

    const auto expected = step_losses(only_run_in(one_runs));
    const auto got = step_losses(only_run_in(two_runs));
    QCOMPARE(int(expected.size()), 20);
    QCOMPARE(int(got.size()), 20);
    for (const auto& [step, loss] : expected) {
      QVERIFY2(std::abs(got.at(step) - loss) <= 1e-4,
               qPrintable(QString("step %1: %2 against %3").arg(step).arg(got.at(step)).arg(loss)));
    }
    // The same weights, but for the key biases: their true gradient is zero
    // (q·(k + b_K) shifts every score of a query by q·b_K, and softmax ignores
    // a shift, §3.2.1), so each process's rounding noise is all they get, and
    // Adam turns noise into steps of about the learning rate. They cannot
    // change the model's output, which the equal evaluation loss shows.
    const auto first =
        checkpoint_parameters(only_run_in(one_runs) + "/checkpoints/checkpoint_last.pt");
    const auto second =
        checkpoint_parameters(only_run_in(two_runs) + "/checkpoints/checkpoint_last.pt");
    QVERIFY(!first.is_empty());
    QCOMPARE(first.size(), second.size());
    int key_biases = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
      const auto& name = first[i].key();
      auto difference = (first[i].value() - second[i].value()).abs();
      if (name.size() >= 12 && name.compare(name.size() - 12, 12, "in_proj_bias") == 0) {
        const auto d = difference.size(0) / 3;
        difference = torch::cat({difference.narrow(0, 0, d), difference.narrow(0, 2 * d, d)});
        ++key_biases;
      }
      const double largest = difference.max().item<double>();
      QVERIFY2(
          largest <= 1e-5,
          qPrintable(QString("%1 differs by %2").arg(QString::fromStdString(name)).arg(largest)));
    }
    QCOMPARE(key_biases, 6);  // tiny: 2 encoder + 2 × 2 decoder attentions
    const double eval_one =
        run_json(only_run_in(one_runs))["final"].toObject()["eval_loss"].toDouble();
    const double eval_two =
        run_json(only_run_in(two_runs))["final"].toObject()["eval_loss"].toDouble();
    QVERIFY2(std::abs(eval_one - eval_two) <= 1e-5,
             qPrintable(QString("eval loss %1 against %2").arg(eval_one).arg(eval_two)));
    const auto recorded = run_json(only_run_in(two_runs));
    QCOMPARE(recorded["world_size"].toInt(), 2);
    QCOMPARE(recorded["backend"].toString(), QString("gloo"));
    QCOMPARE(recorded["batch_size_per_rank"].toInt(), 16);
    QCOMPARE(run_json(only_run_in(one_runs))["world_size"].toInt(), 1);
  }

  // With dropout the ranks' parameters must still be bit for bit the same:
  // each epoch's end compares a checksum of them (a difference fails the run,
  // see divergedRanksStop), so two finished epochs are two passed checks.
  void ranksStayIdenticalWithDropout() {
    const QString runs = m_work.filePath("dropout");
    QStringList arguments = tiny(runs, 16, "0.1");
    arguments[arguments.indexOf("--epochs") + 1] = "2";
    // 625 = 13 × (3 × 16) + 1: each epoch's last batch has one pair, so ranks
    // 0 and 1 have none of it and contribute no gradient to that step.
    arguments[arguments.indexOf("--train-size") + 1] = "625";
    const Run run = run_train(arguments << "--nproc"
                                        << "3");
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QCOMPARE(run_json(only_run_in(runs))["status"].toString(), QString("finished"));
    QCOMPARE(run_json(only_run_in(runs))["world_size"].toInt(), 3);
    QCOMPARE(int(step_losses(only_run_in(runs)).size()), 28);
  }

  void divergedRanksStop() {
    const Run run = run_train(tiny(m_work.filePath("diverged"), 16) << "--nproc"
                                                                    << "2",
                              {{"ATTN_FAULT", "diverge:1"}});
    QCOMPARE(run.exit_code, 1);
    QVERIFY2(run.err.contains("the parameters of rank 1 differ from rank 0's"),
             qPrintable(run.err));
  }

  // Ranks started by hand with PyTorch's variables (as torchrun or a job
  // script does) and different settings refuse, naming the field.
  void differentConfigurationsAreRefused() {
    const int port = free_port();
    QElapsedTimer clock;
    clock.start();
    QProcess zero, one;
    start(zero, tiny(m_work.filePath("mismatch"), 16), rank_variables(0, 2, port));
    start(one, tiny(m_work.filePath("mismatch"), 8), rank_variables(1, 2, port));
    const Run first = finish(zero, clock);
    const Run second = finish(one, clock);
    QCOMPARE(first.exit_code, 2);
    QCOMPARE(second.exit_code, 2);
    for (const auto& run : {first, second}) {
      QVERIFY2(run.err.contains("differs from rank 0 at config.train.batch_size: 16 on rank 0 "
                                "against 8"),
               qPrintable(run.err));
    }
  }

  void portInUseIsRefused() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::listen(fd, 1);
    const QString master = QString("127.0.0.1:%1").arg(ntohs(address.sin_port));
    const Run run = run_train(tiny(m_work.filePath("port"), 16) << "--nproc"
                                                                << "2"
                                                                << "--master" << master);
    ::close(fd);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains("cannot listen on " + master + ": the port is in use"),
             qPrintable(run.err));
    QVERIFY2(run.seconds < 60, qPrintable(QString::number(run.seconds)));
  }

  void unreachableMasterIsNamed() {
    const int port = free_port();  // nobody listens there
    const Run run = run_train(tiny(m_work.filePath("unreachable"), 16) << "--rank-timeout"
                                                                       << "2",
                              rank_variables(1, 2, port));
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(
        run.err.contains(QString("could not reach rank 0 at 127.0.0.1:%1 within 2 s").arg(port)),
        qPrintable(run.err));
  }

  void badVariablesAndFlagsAreRefused_data() {
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("variables");  // NAME=VALUE;NAME=VALUE
    QTest::addColumn<QString>("message");
    QTest::newRow("RANK not a number") << QStringList{} << "RANK=one;WORLD_SIZE=2"
                                       << "RANK=one: expected a whole number";
    QTest::newRow("rank past the world") << QStringList{} << "RANK=2;WORLD_SIZE=2"
                                         << "rank 2: expected 0 to 1 in a world of 2";
    QTest::newRow("WORLD_SIZE alone") << QStringList{} << "WORLD_SIZE=2"
                                      << "RANK is not set, but WORLD_SIZE is";
    QTest::newRow("Slurm rank past the world") << QStringList{} << "SLURM_PROCID=4;SLURM_NTASKS=4"
                                               << "rank 4: expected 0 to 3 in a world of 4";
    QTest::newRow("--nproc inside a rank") << QStringList{"--nproc", "2"} << "RANK=0;WORLD_SIZE=2"
                                           << "already is rank 0 of 2";
    QTest::newRow("--nnodes without --master") << QStringList{"--nnodes", "2"} << ""
                                               << "--nnodes 2: needs --master HOST:PORT";
    QTest::newRow("--node-rank past --nnodes")
        << QStringList{"--nnodes", "2", "--node-rank", "2", "--master", "127.0.0.1:1"} << ""
        << "--node-rank 2: expected 0 to 1";
    QTest::newRow("--master without port") << QStringList{"--master", "node01"} << ""
                                           << "--master: expected HOST:PORT";
    QTest::newRow("--backend") << QStringList{"--backend", "mpi"} << ""
                               << "--backend: expected gloo or nccl, got 'mpi'";
    // Debian's LibTorch has no NCCL; the wheel's has, but no GPU is here.
    QTest::newRow("nccl without NCCL or a GPU")
        << QStringList{"--backend", "nccl"} << "RANK=0;WORLD_SIZE=2;MASTER_PORT=1"
        << (attn::torch_build().nccl
                ? "backend nccl: NCCL gives each rank a CUDA device of its own; this machine has 0"
                : "backend nccl: this LibTorch was built without NCCL");
    // The launcher says it once, before it starts any rank.
    QTest::newRow("nccl on the CPU, launched")
        << QStringList{"--nproc", "2", "--backend", "nccl", "--device", "cpu"} << ""
        << (attn::torch_build().nccl ? "backend nccl: NCCL sums CUDA tensors, and this run is on "
                                       "the CPU; use --backend gloo or --device cuda"
                                     : "backend nccl: this LibTorch was built without NCCL");
    QTest::newRow("nccl with ranks on one GPU, launched")
        << QStringList{"--nproc", "2", "--backend", "nccl", "--device", "cuda:0"} << ""
        << (attn::torch_build().nccl && attn::cuda_device_count() >= 2
                ? "puts every rank of this machine on one GPU"
                : "backend nccl:");
    QTest::newRow("--nproc with --bench")
        << QStringList{"--nproc", "2", "--bench", "bench-tiny"} << ""
        << "--nproc and --nnodes belong to training";
  }
  void badVariablesAndFlagsAreRefused() {
    QFETCH(QStringList, flags);
    QFETCH(QString, variables);
    QFETCH(QString, message);
    QMap<QString, QString> environment;
    for (const auto& pair : variables.split(';', Qt::SkipEmptyParts))
      environment.insert(pair.section('=', 0, 0), pair.section('=', 1));
    const Run run = run_train(tiny(m_work.filePath("bad"), 16) + flags, environment);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);  // one line
  }

  // SIGKILL of one rank mid-run: the others end promptly naming it, rank 0's
  // checkpoint and history stay whole, and --resume with as many processes
  // continues (another number is refused).
  void killedRankEndsTheRunAndItResumes() {
    const QString runs = m_work.filePath("killed");
    QStringList arguments = tiny(runs, 16, "0.1");
    arguments[arguments.indexOf("--epochs") + 1] = "200";
    arguments << "--checkpoint-every"
              << "10"
              << "--nproc"
              << "2";
    QElapsedTimer clock;
    clock.start();
    QProcess launcher;
    start(launcher, arguments);
    QVERIFY(launcher.waitForStarted());
    // Wait for a few checkpoints, then kill rank 1 (the launcher's second child).
    const QString directory = run_once_written(runs, "checkpoints/checkpoint_epoch_2.pt");
    QVERIFY(!directory.isEmpty());
    QProcess children;
    children.start("pgrep", {"-P", QString::number(launcher.processId())});
    QVERIFY(children.waitForFinished());
    const auto pids =
        QString::fromLatin1(children.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(pids.size(), 2);
    QElapsedTimer after_kill;
    after_kill.start();
    QCOMPARE(::kill(pids.back().toInt(), SIGKILL), 0);
    const Run killed = finish(launcher, clock);
    QVERIFY2(after_kill.elapsed() < 45000, qPrintable(QString::number(after_kill.elapsed())));
    QCOMPARE(killed.exit_code, 128 + SIGKILL);
    QVERIFY2(killed.err.contains("rank 1 (process " + pids.back() + " on "),
             qPrintable(killed.err));
    QVERIFY2(killed.err.contains("was lost"), qPrintable(killed.err));
    QCOMPARE(run_json(directory)["status"].toString(), QString("failed"));

    const Run refused = run_train({"--resume", directory, "--epochs", "4", "--quiet"});
    QCOMPARE(refused.exit_code, 2);
    QVERIFY2(refused.err.contains("trained by 2 processes and this one has 1"),
             qPrintable(refused.err));

    const Run resumed =
        run_train({"--resume", directory, "--epochs", "4", "--nproc", "2", "--quiet"});
    QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
    QStringList repeated;
    const auto losses = step_losses(directory, &repeated);
    QVERIFY2(repeated.isEmpty(), qPrintable(repeated.join(", ")));
    QCOMPARE(int(losses.size()), 4 * 20);
    QCOMPARE(losses.rbegin()->first, qint64(80));
    QCOMPARE(run_json(directory)["status"].toString(), QString("finished"));
  }

  // Under torchrun the launcher's agent keeps the store and every rank is its
  // client (TORCHELASTIC_USE_AGENT_STORE); tests/app/agent_store.py does what
  // the agent does, with the Python torch of the LibTorch we link (their
  // TCPStores speak the same protocol only within one version).
  void ranksUseALaunchersStore() {
    QProcess probe;
    probe.start(ATTN_PYTHON, {"-c", "import torch.distributed"});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
      QSKIP("no python3-torch to act as torchrun's agent");
    const QString runs = m_work.filePath("agent");
    QElapsedTimer clock;
    clock.start();
    QProcess agent;
    agent.setProcessEnvironment(environment_with({}));
    agent.start(ATTN_PYTHON, QStringList{ATTN_AGENT_STORE_PY, QString::number(free_port()), "2",
                                         ATTN_TRAIN_EXE} +
                                 tiny(runs, 16));
    const Run run = finish(agent, clock);
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QCOMPARE(run_json(only_run_in(runs))["world_size"].toInt(), 2);
    QCOMPARE(run_json(only_run_in(runs))["status"].toString(), QString("finished"));
  }

  // Ctrl+C reaches the launcher; every rank stops at the same step and rank 0
  // keeps a checkpoint.
  void interruptStopsEveryRank() {
    const QString runs = m_work.filePath("interrupted");
    QStringList arguments = tiny(runs, 16);
    arguments[arguments.indexOf("--epochs") + 1] = "200";
    arguments << "--nproc"
              << "2";
    QElapsedTimer clock;
    clock.start();
    QProcess launcher;
    start(launcher, arguments);
    QVERIFY(launcher.waitForStarted());
    const QString directory = run_once_written(runs, "checkpoints/checkpoint_epoch_1.pt");
    QVERIFY(!directory.isEmpty());
    ::kill(static_cast<pid_t>(launcher.processId()), SIGINT);
    const Run run = finish(launcher, clock);
    QCOMPARE(run.exit_code, 130);
    QCOMPARE(run_json(directory)["status"].toString(), QString("stopped"));
    QVERIFY(QFile::exists(directory + "/checkpoints/checkpoint_last.pt"));
  }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
