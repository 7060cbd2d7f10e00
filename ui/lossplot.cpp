#include "lossplot.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

#include "dockhelp.h"
#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {
namespace {
// Exponential moving average of the step loss over ~5 steps: enough to read the
// trend through batch noise, short enough not to lag visibly behind it.
constexpr double kSmoothing = 0.8;
}  // namespace

LossPlot::LossPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  setObjectName(QStringLiteral("lossPlot"));
  m_plot->setObjectName(QStringLiteral("lossPlotCanvas"));
  m_logScale = new QCheckBox(tr("Log scale"), this);
  m_follow = new QCheckBox(tr("Follow"), this);
  m_follow->setChecked(true);
  auto* options = new QHBoxLayout;
  options->addWidget(m_logScale);
  options->addWidget(m_follow);
  options->addStretch();
  auto* exportButton = new QPushButton(tr("Export PNG…"), this);
  exportButton->setObjectName(QStringLiteral("exportCurvesButton"));
  connect(exportButton, &QPushButton::clicked, this, &LossPlot::exportRequested);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(helpButton(HelpTopic::Curves, this, this));
  buttons->addStretch();
  buttons->addWidget(exportButton);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addLayout(options);
  layout->addWidget(m_plot, 1);
  layout->addLayout(buttons);

  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->setPlottingHint(QCP::phFastPolylines, true);  // thousands of steps per curve
  m_plot->xAxis->setLabel(tr("step"));
  QSharedPointer<QCPAxisTickerFixed> steps(new QCPAxisTickerFixed);
  steps->setTickStep(1.0);  // whole steps, in multiples (1, 2, 5, 10, ...) as the range grows
  steps->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_plot->xAxis->setTicker(steps);
  m_plot->yAxis->setLabel(tr("loss (nats per token)"));
  m_plot->yAxis2->setVisible(true);
  m_plot->yAxis2->setLabel(tr("learning rate · accuracy"));
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  // The legend beside the axes, not over the curves; below them where it
  // would take too much of the width (arrangeLegend).
  m_plot->axisRect()->insetLayout()->take(m_plot->legend);
  placeLegend(m_plot, m_plot->legend, 0, 1);
  m_legendHolder = m_plot->legend->layout();
  m_plot->legend->setMargins(QMargins(4, 2, 4, 2));
  connect(m_plot, &QCustomPlot::beforeReplot, this, &LossPlot::arrangeLegend);

  addSeries(QString());
  m_cursor = addTimeCursor(m_plot, m_plot->axisRect());

  connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) {
    m_plot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
      m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
      m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    draw();  // the user asked: now, not at the next paced redraw
  });
  // Dragging or zooming means the user wants to look: stop following.
  connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_follow->setChecked(false); });
  connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_follow->setChecked(false); });
}

void LossPlot::addSeries(const QString& label) {
  // A later series is dashed, so the two read apart in grey too.
  const bool later = !m_series.isEmpty();
  const QString suffix = label.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(label);
  auto makeGraph = [&](QCPAxis* valueAxis, const QString& name, const QColor& color, double width) {
    QCPGraph* graph = m_plot->addGraph(m_plot->xAxis, valueAxis);
    graph->setName(name + suffix);
    QPen pen(color, width);
    if (later) pen.setStyle(Qt::DashLine);
    graph->setPen(pen);
    return graph;
  };
  Series series;
  series.loss = makeGraph(m_plot->yAxis, tr("train loss"), QColor(31, 119, 180, 110), 1);
  series.smoothed =
      makeGraph(m_plot->yAxis, tr("train loss (smoothed)"), QColor(31, 119, 180), 1.5);
  series.evalLoss = makeGraph(m_plot->yAxis, tr("eval loss"), QColor(214, 39, 40), 2);
  series.evalLoss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
  series.accuracy = makeGraph(m_plot->yAxis2, tr("token accuracy"), QColor(44, 160, 44), 1.5);
  series.accuracy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
  series.exactMatch = makeGraph(m_plot->yAxis2, tr("exact match"), QColor(148, 103, 189), 1.5);
  series.exactMatch->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, 6));
  series.learningRate = makeGraph(m_plot->yAxis2, learningRateName(), QColor(255, 127, 14), 1);
  if (later) {
    series.loss->removeFromLegend();          // the smoothed curve names the series
    series.learningRate->removeFromLegend();  // the same schedule for every series
  }
  m_series.append(series);
}

int LossPlot::stepCount() const { return m_series.back().loss->dataCount(); }

QString LossPlot::learningRateName() const {
  return m_lrScale == 1 ? tr("learning rate")
                        : tr("learning rate × %1").arg(QLocale().toString(m_lrScale, 'f', 0));
}

// The learning rate shares the 0–1 axis with the accuracies: it is shown
// times the largest power of ten that keeps every value at or below 1 (×100
// for the usual 1e-3 to 1e-2), rescaling what is drawn when a larger rate arrives.
void LossPlot::fitLearningRate(double lr) {
  if (!(lr > 0) || lr * m_lrScale <= 1) return;
  const double scale = std::pow(10.0, std::floor(std::log10(1 / lr)));
  const double factor = scale / m_lrScale;
  m_lrScale = scale;
  for (Series& series : m_series) {
    for (auto it = series.learningRate->data()->begin(); it != series.learningRate->data()->end();
         ++it)
      it->value *= factor;
    series.learningRate->setName(learningRateName());
  }
}

void LossPlot::clear() {
  m_plot->clearGraphs();
  m_series.clear();
  m_lrScale = 100;
  addSeries(QString());
  m_follow->setChecked(true);
  m_plot->replot();
}

void LossPlot::beginSeries(const QString& label) {
  const Series& last = m_series.back();
  if (last.loss->dataCount() == 0) {  // an empty series is replaced, not kept
    for (QCPGraph* graph : {last.loss, last.smoothed, last.evalLoss, last.accuracy, last.exactMatch,
                            last.learningRate}) {
      m_plot->removeGraph(graph);
    }
    m_series.removeLast();
  }
  addSeries(label);
  m_plot->replot();
}

void LossPlot::showHistory(const RunHistory& history) {
  clear();
  addHistory(history, QString());
}

void LossPlot::addHistory(const RunHistory& history, const QString& label) {
  const QStringList implementations = history.implementations();
  for (const QString& implementation : implementations) {
    beginSeries(implementations.size() > 1 ? implementation : label);
    addSteps(history.steps(implementation));
    for (const auto& epoch : history.epochs(implementation)) addEpoch(epoch);
  }
}

void LossPlot::setCursorStep(double step) {
  placeTimeCursor(m_cursor, step, !std::isnan(step));
  replotTimeCursors(m_plot);
}

void LossPlot::addSteps(const QVector<attn::StepMetrics>& steps) {
  if (steps.isEmpty()) return;
  Series& series = m_series.back();
  for (const auto& step : steps) {
    // Bias-corrected, so the first points are not pulled towards zero or the first loss.
    series.average = kSmoothing * series.average + (1 - kSmoothing) * step.loss;
    ++series.averaged;
    const double smoothed = series.average / (1 - std::pow(kSmoothing, series.averaged));
    series.loss->addData(step.step, step.loss);
    series.smoothed->addData(step.step, smoothed);
    fitLearningRate(step.lr);
    series.learningRate->addData(step.step, m_lrScale * step.lr);
  }
  replot();
}

void LossPlot::addEpoch(const attn::EpochMetrics& metrics) {
  Series& series = m_series.back();
  series.evalLoss->addData(metrics.step, metrics.eval_loss);
  series.accuracy->addData(metrics.step, metrics.token_accuracy);
  series.exactMatch->addData(metrics.step, metrics.exact_match);
  replot();
}

void LossPlot::setRedrawDeferred(bool deferred) {
  m_deferred = deferred;
  if (!deferred) redraw();
}

void LossPlot::redraw() {
  if (m_pending) draw();
}

void LossPlot::replot() {
  if (m_deferred)
    m_pending = true;
  else
    draw();
}

void LossPlot::arrangeLegend() {
  QCPLegend* legend = m_plot->legend;
  QCPLayoutGrid* layout = m_plot->plotLayout();
  // As one column the legend is as wide as its longest entry: beside the
  // axes while that leaves them most of the plot.
  const bool below = legend->minimumOuterSizeHint().width() > m_plot->viewport().width() * 2 / 5;
  if (below == m_legendBelow) return;
  m_legendBelow = below;
  layout->take(m_legendHolder);
  layout->simplify();
  if (below) {
    layout->addElement(1, 0, m_legendHolder);
    layout->setRowStretchFactor(1, 0.001);
    // Entries side by side, as many to a row as fit.
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i)
      widest = std::max(widest, legend->item(i)->minimumOuterSizeHint().width());
    legend->setWrap(std::max(1, (m_plot->viewport().width() - 20) / (widest + 4)));
  } else {
    legend->setWrap(0);
    legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
    layout->addElement(0, 1, m_legendHolder);
    layout->setColumnStretchFactor(1, 0.001);
  }
}

void LossPlot::draw() {
  m_pending = false;
  if (m_follow->isChecked()) {
    m_plot->rescaleAxes();
    // A margin around the data, so the lowest and last points (often the
    // ones that matter) are not cut in half by the axes.
    const QCPRange loss = m_plot->yAxis->range();
    if (m_plot->yAxis->scaleType() == QCPAxis::stLogarithmic)
      m_plot->yAxis->setRange(loss.lower / 1.1, loss.upper * 1.1);
    else
      m_plot->yAxis->setRange(loss.lower - 0.04 * loss.size(), loss.upper + 0.04 * loss.size());
    const QCPRange steps = m_plot->xAxis->range();
    m_plot->xAxis->setRange(steps.lower, steps.upper + 0.02 * steps.size());
    m_plot->yAxis2->setRange(-0.04, 1.06);
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace attn::ui
