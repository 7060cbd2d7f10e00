#pragma once
// Lives on the UI thread (or a headless QApplication). The tutorial's figures,
// drawn from a run's history without any window: training curves, attention
// evolution, Q/K/V evolution, gradient flow and a heatmap per layer and kind.

#include <QString>
#include <QStringList>
#include <QVector>

#include "metatypes.h"

class QCustomPlot;
class QWidget;

namespace attn::ui {

class RunHistory;

struct FigureOptions {
  int width = 1200;  // points
  int height = 800;
  double scale = 2;  // pixels per point in PNGs
  bool png = true;
  bool pdf = false;  // vector PDF beside each PNG
  // attention_evolution: which map, and at which epochs (empty: five spread
  // over training; an epoch without an epoch-end snapshot is an error).
  AttentionKind evolutionKind = AttentionKind::Cross;
  int evolutionLayer = -1;  // 0-based; −1: the last layer
  int evolutionHead = -1;   // 0-based; −1: all heads
  int evolutionExample = 0;
  QVector<int> evolutionEpochs;
};

// "1,5,10" → {1, 5, 10}; an empty text gives an empty list. On a bad entry
// returns false and sets *error to what was expected.
bool parseEpochList(const QString& text, QVector<int>* epochs, QString* error);

// Saves `plot` as <basePath>.png and/or .pdf (atomically). Appends the files
// written to *written; returns an error message, empty on success.
QString saveFigure(QCustomPlot* plot, const QString& basePath, const FigureOptions& options,
                   QStringList* written);
// The same for a widget that is not a plot (e.g. a table); it is resized.
QString saveWidgetFigure(QWidget* widget, const QString& basePath, const FigureOptions& options,
                         QStringList* written);

// Writes `csv` to `path` atomically (a temporary name, then renamed) and
// appends the path to *written; returns an error message, empty on success.
QString saveTable(const QString& path, const QString& csv, QStringList* written);

// Up to `count` epoch-end moments spread evenly from the first to the last
// (any captured moments when no epoch has ended).
QVector<int> evolutionMoments(const RunHistory& history, int count);

// A grid: one row per moment, one column per head (or the one `head`), each
// cell the `kind` attention of `layer` (0-based) for probe example `example`.
// Returns an error message when a moment cannot be read.
QString drawAttentionEvolution(QCustomPlot* plot, const RunHistory& history, AttentionKind kind,
                               int layer, int head, const QVector<int>& moments, int example);
// Q, K and V norms (columns) for encoder self, decoder self and cross
// attention (rows), one line per layer.
void drawQkvEvolution(QCustomPlot* plot, const RunHistory& history);

// Writes training_curves, attention_evolution, qkv_evolution, gradient_flow and
// attention_plots/<kind>_layer<N> (all heads, the last moment) into `folder`.
// Returns the files written; *error is set (and writing goes on) when one fails.
QStringList writeTutorialFigures(const RunHistory& history, const QString& folder,
                                 const FigureOptions& options, QString* error);

}  // namespace attn::ui
