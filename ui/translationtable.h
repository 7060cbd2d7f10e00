#pragma once
// Lives on the UI thread. The Inspector's translation: every output token
// with its probability and the five most likely tokens at that step; the
// five wrap within the dock's width instead of being cut off.

#include <QTableWidget>

#include "attn/inspection.h"

namespace attn::ui {

class TranslationTable : public QTableWidget {
  Q_OBJECT

 public:
  explicit TranslationTable(QWidget* parent = nullptr);

  void show(const Translation& translation);
};

}  // namespace attn::ui
