#include "logview.h"

#include <QFontDatabase>

namespace attn::ui {
namespace {
constexpr int kKeptLines = 20000;
}

LogView::LogView(QWidget* parent) : QPlainTextEdit(parent) {
  setObjectName(QStringLiteral("logView"));
  setReadOnly(true);
  setMaximumBlockCount(kKeptLines);
  setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

void LogView::append(const QStringList& lines) {
  for (const auto& line : lines) appendPlainText(line);
}

}  // namespace attn::ui
