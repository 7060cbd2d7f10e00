"""Load a model exported by Attention Studio (`attention-train --export`) into PyTorch.

    import load_model
    model = load_model.load("exported")            # a torch.nn.Module in eval mode
    print(model.translate("Tuesday, 8 Oct 2047"))  # greedy decoding

or from a shell:

    python3 load_model.py exported "Tuesday, 8 Oct 2047" [--logits]

The model is rebuilt from PyTorch's own modules (nn.TransformerEncoderLayer and
nn.TransformerDecoderLayer, batch_first, norm_first for pre-norm) and loads
pytorch_model.bin with strict=True: every tensor the file holds has a place,
and every place gets a tensor.

Conventions (config.json says them too): token ids 0-3 are <pad>, <bos>, <eos>,
<unk>; a source is its pieces followed by <eos> (no <bos>); the decoder reads
<bos> followed by the output so far; embeddings are scaled by sqrt(d_model)
and the sinusoidal positional encoding is added ("Attention Is All You Need",
sections 3.4 and 3.5).
"""

import json
import math
import os
import sys

import torch
from torch import nn

FORMAT = "attention-studio-python/1"


def _is_space(c):
    return c in " \t\n\r\f\v\u00a0\u2009\u202f\u3000"


def _is_punctuation(c):
    o = ord(c)
    if o < 0x80:
        return (0x21 <= o <= 0x2F or 0x3A <= o <= 0x40 or 0x5B <= o <= 0x60
                or 0x7B <= o <= 0x7E)
    return ((0xA1 <= o <= 0xBF and o not in (0xAA, 0xB5, 0xBA))
            or 0x2010 <= o <= 0x205E or 0x3000 <= o <= 0x303F)


def _split_words(text, attached):
    """Words split at spaces; punctuation is a piece of its own; a piece that
    follows another without a space is marked with the attached prefix."""
    pieces, word, after_space = [], "", True

    def flush():
        nonlocal word, after_space
        if word:
            pieces.append(word if after_space else attached + word)
            word = ""
            after_space = False

    for c in text:
        if _is_space(c):
            flush()
            after_space = True
        elif _is_punctuation(c):
            flush()
            word = c
            flush()
        else:
            word += c
    flush()
    return pieces


class Tokenizer:
    def __init__(self, side):
        self.kind = side["kind"]
        self.pieces = side["pieces"]  # indexed by token id
        self.attached = side.get("attached_prefix", "##")
        self.ids = {piece: i for i, piece in enumerate(self.pieces)}
        self.special = side["special_ids"]

    def encode(self, text):
        if self.kind == "char":
            pieces = list(text)
        elif self.kind == "word":
            pieces = _split_words(text, self.attached)
        else:
            raise SystemExit(
                "this model's tokenizer is %s: encode the text with it and pass ids" % self.kind)
        return [self.ids.get(p, self.special["unk"]) for p in pieces]

    def decode(self, ids):
        words = [self.pieces[i] for i in ids if i >= len(self.special)]
        if self.kind != "word":
            return "".join(words)
        text = ""
        for piece in words:
            if piece.startswith(self.attached) and len(piece) > len(self.attached):
                text += piece[len(self.attached):]
            else:
                text += (" " if text else "") + piece
        return text


class PositionalEncoding(nn.Module):
    def __init__(self, max_len, d_model):
        super().__init__()
        self.register_buffer("table", torch.zeros(max_len, d_model))  # loaded from the file

    def forward(self, x):
        return x + self.table[: x.size(1)].unsqueeze(0)


class Embeddings(nn.Module):
    """Token embeddings x sqrt(d_model) + positional encoding; the output
    projection shares the target embedding when tied (section 3.4)."""

    def __init__(self, m):
        super().__init__()
        d = m["d_model"]
        self.scale = math.sqrt(d)
        self.shared = m["tie_embeddings"] and m["shared_vocab"]
        if self.shared:
            self.embedding = nn.Embedding(m["tgt_vocab_size"], d)
        else:
            self.src_embedding = nn.Embedding(m["src_vocab_size"], d)
            self.tgt_embedding = nn.Embedding(m["tgt_vocab_size"], d)
        if not m["tie_embeddings"]:
            self.generator = nn.Linear(d, m["tgt_vocab_size"], bias=False)
        self.positional = PositionalEncoding(m["max_len"], d)

    def source(self, ids):
        table = self.embedding if self.shared else self.src_embedding
        return self.positional(table(ids) * self.scale)

    def target(self, ids):
        table = self.embedding if self.shared else self.tgt_embedding
        return self.positional(table(ids) * self.scale)

    def project(self, hidden):
        if hasattr(self, "generator"):
            return self.generator(hidden)
        table = self.embedding if self.shared else self.tgt_embedding
        return nn.functional.linear(hidden, table.weight)


class Transformer(nn.Module):
    def __init__(self, config):
        super().__init__()
        m = config["model"]
        self.config = config
        self.special = config["special_ids"]
        pre = m["norm"] == "pre"
        layer = dict(d_model=m["d_model"], nhead=m["heads"], dim_feedforward=m["d_ff"],
                     dropout=m["dropout"], activation=m["activation"], batch_first=True,
                     norm_first=pre)
        self.embeddings = Embeddings(m)
        self.encoder = nn.ModuleList(
            [nn.TransformerEncoderLayer(**layer) for _ in range(m["enc_layers"])])
        self.decoder = nn.ModuleList(
            [nn.TransformerDecoderLayer(**layer) for _ in range(m["dec_layers"])])
        # A pre-norm stack ends with a LayerNorm; post-norm layers end with one already.
        if pre:
            self.encoder_norm = nn.LayerNorm(m["d_model"])
            self.decoder_norm = nn.LayerNorm(m["d_model"])

    def encode(self, src):
        x = self.embeddings.source(src)
        padding = src.eq(self.special["pad"])
        for layer in self.encoder:
            x = layer(x, src_key_padding_mask=padding)
        return self.encoder_norm(x) if hasattr(self, "encoder_norm") else x

    def decode(self, tgt, memory, src):
        length = tgt.size(1)
        causal = torch.triu(torch.full((length, length), float("-inf")), diagonal=1)
        x = self.embeddings.target(tgt)
        padding = src.eq(self.special["pad"])
        for layer in self.decoder:
            x = layer(x, memory, tgt_mask=causal, memory_key_padding_mask=padding)
        if hasattr(self, "decoder_norm"):
            x = self.decoder_norm(x)
        return self.embeddings.project(x)

    def forward(self, src, tgt):
        """src [B, S] (pieces then <eos>), tgt [B, T] (<bos> then the output) -> logits [B, T, V]."""
        return self.decode(tgt, self.encode(src), src)

    @torch.no_grad()
    def greedy(self, src, max_length=None):
        """Token ids of the greedy output for one source row [1, S], without <bos>/<eos>."""
        limit = self.config["model"]["max_len"] - 1
        max_length = min(max_length or 2 * src.size(1) + 10, limit)
        memory = self.encode(src)
        tgt = torch.tensor([[self.special["bos"]]])
        for _ in range(max_length):
            following = self.decode(tgt, memory, src)[0, -1].argmax().item()
            if following == self.special["eos"]:
                break
            tgt = torch.cat([tgt, torch.tensor([[following]])], dim=1)
        return tgt[0, 1:].tolist()

    def source_ids(self, text):
        ids = self.source_tokenizer.encode(text)[: self.config["model"]["max_len"] - 1]
        return torch.tensor([ids + [self.special["eos"]]])

    def translate(self, text):
        return self.target_tokenizer.decode(self.greedy(self.source_ids(text)))


def load(folder):
    """The exported model in `folder`, in eval mode, with its tokenizers."""
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    if config.get("format") != FORMAT:
        raise SystemExit("%s: expected format %s, got %s"
                         % (os.path.join(folder, "config.json"), FORMAT, config.get("format")))
    with open(os.path.join(folder, "vocabulary.json"), encoding="utf-8") as f:
        vocabulary = json.load(f)
    model = Transformer(config)
    state = torch.load(os.path.join(folder, "pytorch_model.bin"), map_location="cpu")
    model.load_state_dict(state, strict=True)
    model.source_tokenizer = Tokenizer(vocabulary["source"])
    model.target_tokenizer = Tokenizer(vocabulary["target"])
    return model.eval()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit("usage: python3 load_model.py EXPORTED_FOLDER TEXT [--logits]")
    model = load(sys.argv[1])
    src = model.source_ids(sys.argv[2])
    output = model.greedy(src)
    print(model.target_tokenizer.decode(output))
    if "--logits" in sys.argv[3:]:
        # The teacher-forced logits of the greedy output, as JSON (one row per position).
        tgt = torch.tensor([[model.special["bos"]] + output])
        with torch.no_grad():
            print(json.dumps(model(src, tgt)[0].tolist()))
