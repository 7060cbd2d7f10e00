#pragma once
// "What am I looking at": a short explanation of each view, with the section
// of "Attention Is All You Need" (Vaswani et al., 2017) it shows. The same
// text is a view's What's This (Shift+F1) and its "?" button.

#include <QString>

class QToolButton;
class QWidget;

namespace attn::ui {

enum class HelpTopic {
  Attention,
  Curves,
  Data,
  Samples,
  Qkv,
  Gradients,
  Ffn,
  Residual,
  Embeddings,
  Alignment,
  Heads,
  Inspector,
};

QString helpText(HelpTopic topic);

// A small "?" button that shows `topic`'s text beside itself when clicked
// (and as its tooltip); the text also becomes `described`'s What's This.
QToolButton* helpButton(HelpTopic topic, QWidget* described, QWidget* parent);

}  // namespace attn::ui
