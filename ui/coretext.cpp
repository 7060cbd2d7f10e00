#include "coretext.h"

#include <QCoreApplication>

namespace attn::ui {

QString translated(const Text& text) {
  if (text.empty()) return QString::fromStdString(text.location);
  if (is_verbatim(text)) return QString::fromStdString(text.english());
  const QString sentence = QCoreApplication::translate(text.context, text.source);
  // The same filling-in as the core's english(), on the translated template:
  // QString::arg() would also replace markers inside the arguments.
  return QString::fromStdString(text.location) +
         QString::fromStdString(Text::fill_in(sentence.toStdString(), text.arguments));
}

QStringList translated(const std::vector<Text>& texts) {
  QStringList out;
  for (const auto& text : texts) out << translated(text);
  return out;
}

}  // namespace attn::ui
