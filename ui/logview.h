#pragma once
// Lives on the UI thread. The Log dock: what the engine and the window said,
// in a fixed-width font, the newest line last (at most 20 000 kept).

#include <QPlainTextEdit>
#include <QStringList>

namespace attn::ui {

class LogView : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit LogView(QWidget* parent = nullptr);

  void append(const QStringList& lines);
};

}  // namespace attn::ui
