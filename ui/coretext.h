#pragma once
// The core's sentences (attn::Text: stage notes, validation and data errors,
// how a run ended) in the language the app speaks: the English template is
// looked up under its context and the core's arguments are put in.

#include <QString>
#include <QStringList>
#include <vector>

#include "attn/translatable.h"

namespace attn::ui {

QString translated(const Text& text);
QStringList translated(const std::vector<Text>& texts);

}  // namespace attn::ui
