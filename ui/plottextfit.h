#pragma once
// Lives on the UI thread. A plot's titles and axis labels wrap onto more
// lines where the plot is too narrow (a laptop's dock column) instead of
// being cut off at both ends; where it is wide enough they stay on one line.
// Checked before every replot, so a plot that is resized, or whose text
// changes, fits again.

#include <QFont>
#include <QString>

class QCustomPlot;

namespace attn::ui {

// `text` broken at spaces into lines no wider than `width` pixels in `font`
// (a word longer than the width gets a line of its own).
QString wrappedText(const QString& text, const QFont& font, int width);

// Keeps the texts of `plot` inside it from now on (once per plot).
void keepTextsInside(QCustomPlot* plot);

}  // namespace attn::ui
