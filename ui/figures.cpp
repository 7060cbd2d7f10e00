#include "figures.h"

#include <qcustomplot.h>
#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPdfWriter>
#include <QPixmap>
#include <QSaveFile>
#include <numeric>

#include "colormaps.h"
#include "exportdialog.h"
#include "gradientpanel.h"
#include "lossplot.h"
#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {
namespace {

QString kindFileName(AttentionKind kind) {
  return kind == AttentionKind::EncoderSelf   ? QStringLiteral("encoder_self")
         : kind == AttentionKind::DecoderSelf ? QStringLiteral("decoder_self")
                                              : QStringLiteral("cross");
}

QString kindTitle(AttentionKind kind) {
  return kind == AttentionKind::EncoderSelf   ? QObject::tr("Encoder self-attention")
         : kind == AttentionKind::DecoderSelf ? QObject::tr("Decoder self-attention")
                                              : QObject::tr("Cross-attention");
}

QString replaceFile(const QString& temporary, const QString& path) {
  QFile::remove(path);
  if (!QFile::rename(temporary, path)) return QObject::tr("%1: cannot replace the file").arg(path);
  return {};
}

}  // namespace

QString saveFigure(QCustomPlot* plot, const QString& basePath, const FigureOptions& options,
                   QStringList* written) {
  for (const auto& [enabled, suffix] : {std::pair{options.png, QStringLiteral(".png")},
                                        std::pair{options.pdf, QStringLiteral(".pdf")}}) {
    if (!enabled) continue;
    const QString path = basePath + suffix;
    const QString error = exportFigure(plot, path, options.width, options.height, options.scale);
    if (!error.isEmpty()) return error;
    if (written) *written << path;
  }
  return {};
}

QString saveTable(const QString& path, const QString& csv, QStringList* written) {
  if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
    return QObject::tr("%1: cannot create the folder").arg(QFileInfo(path).absolutePath());
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(csv.toUtf8()) < 0 || !file.commit()) {
    return QObject::tr("%1: %2").arg(path, file.errorString());
  }
  if (written) *written << path;
  return {};
}

QString saveWidgetFigure(QWidget* widget, const QString& basePath, const FigureOptions& options,
                         QStringList* written) {
  widget->resize(options.width, options.height);
  if (!QDir().mkpath(QFileInfo(basePath).absolutePath())) {
    return QObject::tr("%1: cannot create the folder").arg(QFileInfo(basePath).absolutePath());
  }
  if (options.png) {
    const QString path = basePath + QStringLiteral(".png");
    QPixmap pixmap(
        QSize(qRound(options.width * options.scale), qRound(options.height * options.scale)));
    pixmap.setDevicePixelRatio(options.scale);
    pixmap.fill(Qt::white);
    widget->render(&pixmap);
    const QString temporary = path + QStringLiteral(".part");
    if (!pixmap.save(temporary, "PNG")) return QObject::tr("%1: cannot write the figure").arg(path);
    if (QString error = replaceFile(temporary, path); !error.isEmpty()) return error;
    if (written) *written << path;
  }
  if (options.pdf) {
    const QString path = basePath + QStringLiteral(".pdf");
    const QString temporary = path + QStringLiteral(".part");
    {
      QPdfWriter pdf(temporary);
      pdf.setPageSize(QPageSize(QSizeF(options.width, options.height), QPageSize::Point));
      pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
      pdf.setResolution(72);
      QPainter painter(&pdf);
      if (!painter.isActive()) return QObject::tr("%1: cannot write the figure").arg(path);
      widget->render(&painter);
    }
    if (QString error = replaceFile(temporary, path); !error.isEmpty()) return error;
    if (written) *written << path;
  }
  return {};
}

bool parseEpochList(const QString& text, QVector<int>* epochs, QString* error) {
  epochs->clear();
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int epoch = part.trimmed().toInt(&ok);
    if (!ok || epoch < 1) {
      if (error)
        *error =
            QObject::tr("'%1' is not an epoch number (expected e.g. 1,5,10)").arg(part.trimmed());
      return false;
    }
    epochs->append(epoch);
  }
  return true;
}

QVector<int> evolutionMoments(const RunHistory& history, int count) {
  QVector<int> candidates;
  for (int m = 0; m < history.momentCount(); ++m) {
    if (history.moments()[m].epochEnd) candidates << m;
  }
  if (candidates.isEmpty()) {
    for (int m = 0; m < history.momentCount(); ++m) candidates << m;
  }
  if (candidates.size() <= count) return candidates;
  QVector<int> chosen;
  for (int i = 0; i < count; ++i) {
    const int index = int(std::lround(double(i) * (candidates.size() - 1) / (count - 1)));
    if (chosen.isEmpty() || chosen.back() != candidates[index]) chosen << candidates[index];
  }
  return chosen;
}

QString drawAttentionEvolution(QCustomPlot* plot, const RunHistory& history, AttentionKind kind,
                               int layer, int head, const QVector<int>& moments, int example) {
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  const QFont bold(plot->font().family(), 11, QFont::Bold);
  const QString what =
      QObject::tr("%1, layer %2%3")
          .arg(kindTitle(kind))
          .arg(layer + 1)
          .arg(head < 0 ? QObject::tr(", all heads") : QObject::tr(", head %1").arg(head + 1));
  const QString title =
      moments.size() == 1 && moments[0] < history.momentCount()
          ? QObject::tr("%1 · step %2").arg(what).arg(history.moments()[moments[0]].step)
          : QObject::tr("%1: how attention formed").arg(what);
  plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, bold));
  auto* grid = new QCPLayoutGrid;
  plot->plotLayout()->addElement(1, 0, grid);
  auto* scale = new QCPColorScale(plot);
  plot->plotLayout()->addElement(1, 1, scale);
  scale->setDataRange(QCPRange(0, 1));
  scale->setGradient(viridisGradient());
  scale->setLabel(QObject::tr("attention weight"));
  auto* margins = new QCPMarginGroup(plot);
  for (int row = 0; row < moments.size(); ++row) {
    QString error;
    const auto snapshot = history.snapshot(moments[row], &error);
    if (!snapshot) return error;
    if (example >= int(snapshot->examples.size()))
      return QObject::tr("no probe example %1").arg(example + 1);
    const ExampleAttention& attention = snapshot->examples[example];
    const auto& layers = attention.of(kind);
    if (layer < 0 || layer >= int(layers.size())) {
      return QObject::tr("no layer %1: the model has %2").arg(layer + 1).arg(layers.size());
    }
    const AttentionHeads& heads = layers[layer];
    if (head >= heads.heads)
      return QObject::tr("no head %1: the layer has %2").arg(head + 1).arg(heads.heads);
    const bool encoder = kind == AttentionKind::EncoderSelf;
    const QStringList xLabels = tokenLabels(
        kind == AttentionKind::DecoderSelf ? attention.tgt_tokens : attention.src_tokens,
        kind == AttentionKind::DecoderSelf ? history.targetPieces() : history.sourcePieces());
    const QStringList yLabels =
        tokenLabels(encoder ? attention.src_tokens : attention.tgt_tokens,
                    encoder ? history.sourcePieces() : history.targetPieces());
    const int firstHead = head < 0 ? 0 : head;
    const int lastHead = head < 0 ? heads.heads - 1 : head;
    for (int h = firstHead; h <= lastHead; ++h) {
      const int column = h - firstHead;
      auto* rect = new QCPAxisRect(plot);
      grid->addElement(row, column, rect);
      rect->setMarginGroup(QCP::msLeft, margins);
      QCPAxis* x = rect->axis(QCPAxis::atBottom);
      QCPAxis* y = rect->axis(QCPAxis::atLeft);
      auto* map = new QCPColorMap(x, y);
      map->data()->setSize(heads.keys, heads.queries);
      map->data()->setRange(QCPRange(0, std::max(0, heads.keys - 1)),
                            QCPRange(0, std::max(0, heads.queries - 1)));
      for (int q = 0; q < heads.queries; ++q) {
        for (int k = 0; k < heads.keys; ++k) map->data()->setCell(k, q, heads.at(h, q, k));
      }
      map->setInterpolate(false);
      map->setColorScale(scale);
      x->setRange(-0.5, heads.keys - 0.5);
      y->setRange(-0.5, heads.queries - 0.5);
      y->setRangeReversed(true);
      const bool labelled = heads.keys <= 24 && heads.queries <= 24;
      const bool bottom = row == moments.size() - 1;
      x->setTicker(textTicker(xLabels));
      y->setTicker(textTicker(yLabels));
      x->setTickLabels(labelled && bottom);
      y->setTickLabels(labelled && column == 0);
      x->setTickLabelFont(QFont(plot->font().family(), 7));
      y->setTickLabelFont(QFont(plot->font().family(), 7));
      x->setTickLabelRotation(xLabels.size() > 10 ? 90 : 0);
      x->setSubTicks(false);
      y->setSubTicks(false);
      if (column == 0) {
        const Moment& m = history.moments()[moments[row]];
        y->setLabel(QObject::tr("epoch %1\nstep %2").arg(m.epoch).arg(m.step));
      }
      if (row == 0) {
        rect->axis(QCPAxis::atTop)->setVisible(true);
        rect->axis(QCPAxis::atTop)->setTicks(false);
        rect->axis(QCPAxis::atTop)->setTickLabels(false);
        rect->axis(QCPAxis::atTop)->setLabel(QObject::tr("head %1").arg(h + 1));
      }
    }
  }
  return {};
}

void drawQkvEvolution(QCustomPlot* plot, const RunHistory& history) {
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  plot->plotLayout()->addElement(
      0, 0,
      new QCPTextElement(plot, QObject::tr("Q/K/V norms over training (mean over heads)"),
                         QFont(plot->font().family(), 11, QFont::Bold)));
  auto* grid = new QCPLayoutGrid;
  plot->plotLayout()->addElement(1, 0, grid);
  const AttentionKind kinds[] = {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf,
                                 AttentionKind::Cross};
  const QStringList projections = {QObject::tr("Q"), QObject::tr("K"), QObject::tr("V")};
  plot->setAutoAddPlottableToLegend(false);  // one legend entry per layer, not per cell
  auto* legend = new QCPLegend;
  placeLegend(plot, legend, 1, 1);  // in the plot before plottables join it
  legend->setFont(QFont(plot->font().family(), 8));
  bool legendFilled = false;
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) {
      auto* rect = new QCPAxisRect(plot);
      grid->addElement(row, column, rect);
      rect->axis(QCPAxis::atTop)->setVisible(row == 0);
      rect->axis(QCPAxis::atTop)->setTicks(false);
      rect->axis(QCPAxis::atTop)->setTickLabels(false);
      if (row == 0) rect->axis(QCPAxis::atTop)->setLabel(projections[column]);
      if (column == 0) rect->axis(QCPAxis::atLeft)->setLabel(kindTitle(kinds[row]));
      if (row == 2) rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("step"));
      if (history.momentCount() == 0) continue;
      const bool decoder = kinds[row] != AttentionKind::EncoderSelf;
      const int layers = int(decoder ? history.statistics(0).decoder.size()
                                     : history.statistics(0).encoder.size());
      for (int l = 0; l < layers; ++l) {
        QVector<double> x, y;
        for (int m = 0; m < history.momentCount(); ++m) {
          const Snapshot& s = history.statistics(m);
          const auto& stack = decoder ? s.decoder : s.encoder;
          if (l >= int(stack.size())) continue;
          const ProjectionNorms& n = kinds[row] == AttentionKind::Cross ? stack[l].cross_attention
                                                                        : stack[l].self_attention;
          const auto& values = column == 0 ? n.q : column == 1 ? n.k : n.v;
          if (values.empty()) continue;
          x << double(history.moments()[m].step);
          y << std::accumulate(values.begin(), values.end(), 0.0) / values.size();
        }
        auto* graph = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        graph->setPen(QPen(seriesColor(l), 1.8));
        graph->setData(x, y, true);
        graph->setName(QObject::tr("layer %1").arg(l + 1));
        if (!legendFilled) graph->addToLegend(legend);
      }
      legendFilled = legendFilled || layers > 0;
      rescaleRect(plot, rect);
    }
  }
}

QStringList writeTutorialFigures(const RunHistory& history, const QString& folder,
                                 const FigureOptions& options, QString* error) {
  QStringList written;
  auto note = [&](const QString& problem) {
    if (!problem.isEmpty() && error)
      *error += (error->isEmpty() ? QString() : QStringLiteral("\n")) + problem;
  };
  const QDir dir(folder);
  if (!QDir().mkpath(folder)) {
    note(QObject::tr("%1: cannot create the folder").arg(folder));
    return written;
  }
  {
    LossPlot curves;
    curves.showHistory(history);
    note(saveFigure(curves.plot(), dir.filePath(QStringLiteral("training_curves")), options,
                    &written));
  }
  if (history.momentCount() == 0) {
    note(QObject::tr("%1: no snapshots were captured, so there are no attention figures")
             .arg(history.directory()));
    return written;
  }
  const int last = history.momentCount() - 1;
  QString readError;
  const auto lastSnapshot = history.snapshot(last, &readError);
  {
    QVector<int> moments = evolutionMoments(history, 5);
    if (!options.evolutionEpochs.isEmpty()) {
      moments.clear();
      for (int epoch : options.evolutionEpochs) {
        int found = -1;
        for (int m = 0; m < history.momentCount(); ++m) {
          if (history.moments()[m].epochEnd && history.moments()[m].epoch == epoch) found = m;
        }
        if (found < 0)
          note(QObject::tr("attention_evolution: epoch %1 has no epoch-end snapshot").arg(epoch));
        else
          moments << found;
      }
    }
    if (!moments.isEmpty()) {
      QCustomPlot plot;
      const int layers = lastSnapshot && !lastSnapshot->examples.empty()
                             ? int(lastSnapshot->examples[0].of(options.evolutionKind).size())
                             : 1;
      const int layer =
          options.evolutionLayer < 0 ? std::max(0, layers - 1) : options.evolutionLayer;
      note(drawAttentionEvolution(&plot, history, options.evolutionKind, layer,
                                  options.evolutionHead, moments, options.evolutionExample));
      FigureOptions tall = options;
      tall.height = std::max(options.height, 220 * int(moments.size()));
      note(saveFigure(&plot, dir.filePath(QStringLiteral("attention_evolution")), tall, &written));
    }
  }
  {
    QCustomPlot plot;
    drawQkvEvolution(&plot, history);
    note(saveFigure(&plot, dir.filePath(QStringLiteral("qkv_evolution")), options, &written));
  }
  {
    GradientPanel gradients(&history);
    gradients.setMoment(last, lastSnapshot);
    gradients.historyChanged();
    gradients.bringUpToDate();
    note(saveFigure(gradients.plot(), dir.filePath(QStringLiteral("gradient_flow")), options,
                    &written));
  }
  if (!lastSnapshot) {
    note(readError);
    return written;
  }
  if (!lastSnapshot->examples.empty()) {
    const ExampleAttention& example = lastSnapshot->examples[0];
    for (AttentionKind kind :
         {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::Cross}) {
      for (int layer = 0; layer < int(example.of(kind).size()); ++layer) {
        QCustomPlot plot;
        note(drawAttentionEvolution(&plot, history, kind, layer, -1, {last}, 0));
        // One row of heads: about square cells at the figure's width.
        FigureOptions row = options;
        const int heads = std::max(1, example.of(kind)[layer].heads);
        row.height = std::clamp(options.width / heads + 160, 300, options.height);
        note(saveFigure(&plot,
                        dir.filePath(QStringLiteral("attention_plots/%1_layer%2")
                                         .arg(kindFileName(kind))
                                         .arg(layer + 1)),
                        row, &written));
      }
    }
  }
  return written;
}

}  // namespace attn::ui
