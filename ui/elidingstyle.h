#pragma once
// Lives on the UI thread. The application's style, with one change: a combo
// box narrower than its current entry ends the entry with "…" instead of
// cutting it off mid-letter (at 1366×768 the setup's and the docks' boxes
// are narrower than their longest entries, in Korean even more so). The list
// that opens shows every entry in full, and the box's tooltip says it.

#include <QProxyStyle>

namespace attn::ui {

class ElidingStyle : public QProxyStyle {
  Q_OBJECT

 public:
  using QProxyStyle::QProxyStyle;

  void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                   const QWidget* widget = nullptr) const override;
};

}  // namespace attn::ui
