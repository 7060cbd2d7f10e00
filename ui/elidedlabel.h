#pragma once
// Lives on the UI thread. A one-line label that shortens its text with "…" in
// the middle instead of widening the window (a run's path in the status bar);
// the whole text is its tooltip.

#include <QLabel>

namespace attn::ui {

class ElidedLabel : public QLabel {
  Q_OBJECT

 public:
  explicit ElidedLabel(QWidget* parent = nullptr);

  void setFullText(const QString& text);
  QString fullText() const { return m_full; }
  QSize minimumSizeHint() const override;
  QSize sizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void elide();

  QString m_full;
};

}  // namespace attn::ui
