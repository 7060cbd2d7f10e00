#pragma once
// Small pieces every analysis plot shares: a palette, the timeline cursor, titles.

#include <QColor>
#include <QSharedPointer>
#include <QString>
#include <QStringList>
#include <QVector>
#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPMarginGroup;
class QCPAxisTickerText;
class QCPItemStraightLine;
class QCPLayoutGrid;
class QCPLegend;
class QWidget;

namespace attn::ui {

// Ten distinguishable colours (the "tab10" palette of matplotlib), cycled.
QColor seriesColor(int index);

// A vertical line at the selected moment on `rect`'s x axis.
QCPItemStraightLine* addTimeCursor(QCustomPlot* plot, QCPAxisRect* rect);
void placeTimeCursor(QCPItemStraightLine* cursor, double x, bool visible = true);
// Redraws only the layer the cursors live on (its own buffer), not the curves
// under it: scrubbing a long history then costs almost nothing. QCustomPlot
// falls back to a full replot while the plot's buffers are not drawn yet.
void replotTimeCursors(QCustomPlot* plot);

// The value of every graph of `plot` at exactly `key` (graphs without a point
// there are skipped): what a time plot shows at the cursor.
QVector<double> valuesAtKey(const QCustomPlot* plot, double key);

// A token piece as a label: a space shows as ␣ and a tab as ⇥, so that
// whitespace tokens are visible on axes and in scatter labels.
QString visiblePiece(QString piece);
// The labels of token ids (an id without a piece shows as its number).
QStringList tokenLabels(const std::vector<int>& tokens, const QStringList& pieces);
// Axis ticks at 0, 1, 2, ... with these labels.
QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels);

// "Encoder 2", "Decoder 1": layers counted from 1 as in the paper's figures.
QString layerName(bool decoder, int layer);

// Puts `legend` into the plot's layout at (row, column), at the top of that
// cell and only as tall as its entries (a bare cell would stretch it).
void placeLegend(QCustomPlot* plot, QCPLegend* legend, int row, int column);
// The same in a grid nested in the layout.
void placeLegend(QCPLayoutGrid* grid, QCPLegend* legend, int row, int column);

// Keeps an inset legend of `rect` in a corner that covers none of its graphs'
// points, checked after every layout of the plot: curves that climb into the
// legend's corner push it to another, and when every corner is taken the value
// axis gains headroom for it at the top. Its current corner wins ties, so it
// does not jump around.
void keepLegendOffData(QCustomPlot* plot, QCPAxisRect* rect, QCPLegend* legend);

// QCustomPlot sizes a layout's columns from each element's margins as of the
// previous layout, so an element whose margins just grew (a colour scale with
// a new label or wider tick labels) is clipped until the next replot. One
// layout pass before the replot gives every element its room.
void settleLayout(QCustomPlot* plot);

// One small time plot per layer in `plots` (`columns` wide, on one margin
// group so their axes line up): the layer's name on top, "step" under the
// bottom row, `valueLabel` left of the first column. Returns the plots.
QVector<QCPAxisRect*> addLayerPlots(QCustomPlot* plot, QCPLayoutGrid* plots, int layers,
                                    int columns, bool decoder, const QString& valueLabel);

// Columns for `count` small plots in `plot`: stacked while each keeps a
// readable height (about 110 pixels), side by side as far as needed when not.
int smallMultipleColumns(const QCustomPlot* plot, int count);

// Axis ranges that fit the data of every plottable on `rect` (with a margin).
void rescaleRect(QCustomPlot* plot, QCPAxisRect* rect);

// Lets the plots and option boxes inside `root` shrink below their natural
// size (a long title, a long combo entry), so that the window's minimum size
// fits a laptop screen; with room they keep their natural size. The plots'
// titles and axis labels wrap where they are narrow (plottextfit.h).
void letShrink(QWidget* root);

}  // namespace attn::ui
