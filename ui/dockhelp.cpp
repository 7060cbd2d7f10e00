#include "dockhelp.h"

#include <QCoreApplication>
#include <QToolButton>
#include <QWhatsThis>

namespace attn::ui {
namespace {

// The translation context of the help texts.
class DockHelp {
  Q_DECLARE_TR_FUNCTIONS(attn::ui::DockHelp)
};

}  // namespace

QString helpText(HelpTopic topic) {
  switch (topic) {
    case HelpTopic::Attention:
      return DockHelp::tr(
          "<b>Attention weights</b> (§3.2). Each row is a query token, each column a key token; "
          "a cell is softmax(QKᵀ/√d<sub>k</sub>) for that pair, so every row sums to 1 "
          "(§3.2.1). Each head has its own projections W<sup>Q</sup>, W<sup>K</sup>, "
          "W<sup>V</sup> and may attend to something different (§3.2.2); <i>mean</i> averages "
          "a layer's heads, <i>max</i> shows the strongest; <i>rollout</i> (Abnar and Zuidema, "
          "2020) multiplies the layers' head-averaged maps, half kept for the residual "
          "connection, to show how much each position draws on each input token through all "
          "layers up to this one. <i>Encoder self-attention</i>: source "
          "to source. <i>Decoder self-attention</i>: target to earlier target positions only; "
          "later ones are masked with −∞ before the softmax (hatched). <i>Cross-attention</i>: "
          "target queries, source keys and values (§3.2.3). The weights are those the model "
          "computed for the probe examples at the chosen moment.");
    case HelpTopic::Curves:
      return DockHelp::tr(
          "<b>Training curves</b>. Training loss per step: cross-entropy with label smoothing "
          "ε<sub>ls</sub> = 0.1 (§5.4), so even a perfect model stays above 0; the bold line "
          "is an exponential moving average. Evaluation loss, token accuracy and exact match are "
          "measured on held-out examples at each epoch's end. The learning rate (right axis) "
          "follows §5.3: it rises linearly for the warm-up steps, then falls as "
          "1/√step.");
    case HelpTopic::Data:
      return DockHelp::tr(
          "<b>The data</b>: how many pairs, their lengths in tokens and the vocabulary, before "
          "training. Each sentence becomes token ids (characters, words or SentencePiece "
          "pieces); the model sees only these ids, embedded as vectors (§3.4). A line that "
          "cannot be used is shown as file:line with what was expected.");
    case HelpTopic::Samples:
      return DockHelp::tr(
          "<b>Predictions</b> on held-out examples at each epoch's end: greedy decoding (the "
          "most likely token at each step) and beam search (§6.1: beam 4, length penalty "
          "α = 0.6 unless set otherwise). Characters that differ from the reference are "
          "underlined, missing ones struck through. The first rows are the probe examples whose "
          "attention the run records: choose one to see it.");
    case HelpTopic::Qkv:
      return DockHelp::tr(
          "<b>Query, key and value norms</b>: the mean length of the vectors Q = XW<sup>Q</sup>, "
          "K = XW<sup>K</sup>, V = XW<sup>V</sup> each layer computes (§3.2.2), over training. "
          "Longer queries and keys make the dot products larger and the softmax sharper, which "
          "is why the scores are divided by √d<sub>k</sub> (§3.2.1).");
    case HelpTopic::Gradients:
      return DockHelp::tr(
          "<b>Gradient flow</b>: the norm of each layer's gradient, over the steps and at the "
          "chosen moment, and its ratio to the weights' norm (how far one step moves them). "
          "Residual connections (§3.1) let gradients reach early layers; a layer 100× below or "
          "above the others is marked vanishing or exploding. Gradients are clipped to the "
          "set norm before Adam (§5.3) updates the weights.");
    case HelpTopic::Ffn:
      return DockHelp::tr(
          "<b>Position-wise feed-forward network</b> (§3.3): FFN(x) = max(0, xW<sub>1</sub> + "
          "b<sub>1</sub>)W<sub>2</sub> + b<sub>2</sub>, the same for every position, with a "
          "hidden layer of d<sub>ff</sub> units. Shown: statistics of the hidden units after the "
          "activation (the paper's ReLU, or GELU when chosen) per layer over training, the "
          "share of units ≤ 0 (with ReLU: switched off for that token), and their histogram at "
          "the chosen moment.");
    case HelpTopic::Residual:
      return DockHelp::tr(
          "<b>The residual stream</b> (§3.1): each sub-layer adds its output to its input, "
          "x + Sublayer(x), then LayerNorm. Shown: the mean norm of that sum after every "
          "sub-layer, through the encoder and then the decoder (two separate streams), at the "
          "chosen moment and, faintly, at the first one.");
    case HelpTopic::Embeddings:
      return DockHelp::tr(
          "<b>Token embeddings</b> (§3.4): the learned vector of each source token (the "
          "encoder's input before the positional encoding is added), projected onto its first "
          "two principal components; the axes say how much of the variance they hold. Trails "
          "show where each token was at earlier epoch ends: tokens the task treats alike drift "
          "together.");
    case HelpTopic::Alignment:
      return DockHelp::tr(
          "<b>Alignment</b>: the built-in tasks know which source position each target "
          "position should read (copy: the same one; reverse: the mirrored one). Shown: the "
          "share of each decoder layer's cross-attention (§3.2.3) that falls on that ideal "
          "alignment at each evaluation: 1 means the layer attends exactly where the task "
          "requires.");
    case HelpTopic::Heads:
      return DockHelp::tr(
          "<b>Head specialisation</b> (§3.2.2: each head is its own attention function over "
          "its own projections, so heads may learn different things). For every layer and head "
          "over training: the <i>entropy</i> of a query's weights (0 bits: it reads one key; "
          "log₂ of the keys: it reads all evenly) or the <i>mean distance</i> Σ w·|query − key| "
          "in positions (small: it reads near its own position), averaged over the probe "
          "examples. A head whose entropy falls has found something to attend to; click its "
          "line to open it.");
    case HelpTopic::Inspector:
      return DockHelp::tr(
          "<b>Inspector</b>: your own sentence through the model, read from the model's own "
          "forward pass. <i>Translation</i>: greedy and beam search (§6.1), each token's "
          "probability and the five most likely tokens at that step. <i>Attention</i>: every "
          "layer and head for this sentence, the decoder reading its own prediction. "
          "<i>Stages</i>: one layer, head and position, step by step: Q = xW<sup>Q</sup>, K, V "
          "(§3.2.2) → QKᵀ → ÷√d<sub>k</sub> → mask → softmax (§3.2.1) → weights·V → heads "
          "concatenated → W<sup>O</sup> → + residual → LayerNorm (§3.1) → FFN (§3.3); each "
          "marked <span style='color:#1f77b4'>linear</span> or <span "
          "style='color:#d65f00'>non-linear</span>. Dropout is off in inference. <i>Data "
          "flow</i>: the whole model with the tensor shape on every arrow; click a box to see "
          "its stages. The model is the open run's checkpoint nearest the timeline's moment (or "
          "its best or last), the live weights while training, or the setup's model untrained.");
  }
  return {};
}

QToolButton* helpButton(HelpTopic topic, QWidget* described, QWidget* parent) {
  const QString text = helpText(topic);
  auto* button = new QToolButton(parent);
  button->setText(QStringLiteral("?"));
  button->setObjectName(QStringLiteral("helpButton"));
  button->setAutoRaise(true);
  button->setToolTip(text);
  button->setAccessibleName(DockHelp::tr("What is this view?"));
  if (described) described->setWhatsThis(text);
  QObject::connect(button, &QToolButton::clicked, button, [button, text] {
    QWhatsThis::showText(button->mapToGlobal(QPoint(0, button->height())), text, button);
  });
  return button;
}

}  // namespace attn::ui
