#!/usr/bin/env python3
"""Time opening and inspecting an opus-mt-sized MarianMT folder.

Builds a MarianMTModel the size of Helsinki-NLP/opus-mt-* (d_model 512, 6+6
layers, 8 heads, feed-forward 2048, SiLU, a vocabulary of VOCAB pieces:
≈ 74M parameters) with random weights (nothing is downloaded), saves it with
save_pretrained, and runs `attention-train --inspect` on a 30-token sentence
ROUNDS times. Prints one JSON line: open and inspect times (median and all),
the process's peak memory, the weights file's size.

Random weights never end a translation, so the decoding runs to the
generation limit: generation_config.json's max_length is set to MAX_LENGTH
(default 40: a real model ends a 30-token sentence's translation near there).

  build-torch2/venv/bin/python benchmarks/marian_open_bench.py --train build/app/attention-train
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile

import sentencepiece as spm
import torch
from transformers import MarianConfig, MarianMTModel


def build_folder(folder, vocab_size, max_length, beams=4):
    text = os.path.join(folder, "text.txt")
    words = ["the", "small", "cat", "sees", "a", "green", "tree", "near", "river", "and"]
    with open(text, "w") as out:
        for i in range(2000):
            out.write(" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(12)) + "\n")
    spm.SentencePieceTrainer.train(input=text, model_prefix=os.path.join(folder, "piece"),
                                   vocab_size=40, hard_vocab_limit=False, minloglevel=2)
    os.remove(text)
    for name in ("source.spm", "target.spm"):
        os.link(os.path.join(folder, "piece.model"), os.path.join(folder, name))
    processor = spm.SentencePieceProcessor(model_file=os.path.join(folder, "piece.model"))
    vocabulary = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        piece = processor.id_to_piece(i)
        if piece not in vocabulary and piece not in ("<s>", "</s>", "<unk>"):
            vocabulary[piece] = len(vocabulary)
    while len(vocabulary) < vocab_size - 1:  # the rest of a real vocabulary's size
        vocabulary[f"▁filler{len(vocabulary)}"] = len(vocabulary)
    vocabulary["<pad>"] = vocab_size - 1
    with open(os.path.join(folder, "vocab.json"), "w") as out:
        json.dump(vocabulary, out)
    config = MarianConfig(vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=512,
                          encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                          decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048,
                          activation_function="swish", scale_embedding=True,
                          max_position_embeddings=512, pad_token_id=vocab_size - 1,
                          eos_token_id=0, decoder_start_token_id=vocab_size - 1)
    torch.manual_seed(1)
    model = MarianMTModel(config)
    model.generation_config.max_length = max_length
    model.generation_config.num_beams = beams
    model.save_pretrained(folder)
    return sum(p.numel() for p in model.parameters())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", required=True)
    parser.add_argument("--vocab", type=int, default=60000)
    parser.add_argument("--max-length", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--beams", type=int, default=4)
    arguments = parser.parse_args()
    # 29 pieces and </s>: 30 source tokens.
    sentence = ("the small cat sees a green tree near the river and the small cat sees a "
                "green tree near the river and the small cat sees a green tree")
    with tempfile.TemporaryDirectory(prefix="marian-bench-") as folder:
        parameters = build_folder(folder, arguments.vocab, arguments.max_length, arguments.beams)
        opened, read, total = [], [], []
        pieces = 0
        for _ in range(arguments.rounds):
            result = subprocess.run([arguments.train, "--inspect", folder, "--input", sentence,
                                     "--quiet"], capture_output=True, text=True, check=True)
            opened.append(float(re.search(r"opened in ([\d.]+) ms", result.stdout).group(1)))
            read.append(float(re.search(r"read in ([\d.]+) ms", result.stdout).group(1)))
            pieces = len(re.search(r"source pieces:(.*)", result.stdout).group(1).split())
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({
            "parameters": parameters, "vocab": arguments.vocab, "source_pieces": pieces,
            "max_length": arguments.max_length, "beams": arguments.beams,
            "weights_mb": round(os.path.getsize(os.path.join(folder, "model.safetensors")) / 2**20, 1),
            "open_ms_median": statistics.median(opened), "open_ms": opened,
            "inspect_ms_median": statistics.median(read), "inspect_ms": read,
            "peak_rss_mb": round(peak_kib / 1024, 1), "threads": os.cpu_count()}))


if __name__ == "__main__":
    sys.exit(main())
