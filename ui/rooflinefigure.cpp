#include "rooflinefigure.h"

#include <qcustomplot.h>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <cmath>

#include "plothelpers.h"

namespace attn::ui {
namespace {

QCPScatterStyle::ScatterShape presetMarker(int index) {
  static const QCPScatterStyle::ScatterShape shapes[] = {
      QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,           QCPScatterStyle::ssTriangle,
      QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssStar};
  return shapes[index % 6];
}

}  // namespace

QString drawRoofline(QCustomPlot* plot, const QStringList& jsonLines) {
  QMap<int, double> peak, bandwidth;  // by thread count
  struct Point {
    QString name;
    int threads;
    double intensity, gflops;
  };
  QVector<Point> points;
  int number = 0;
  for (const QString& line : jsonLines) {
    ++number;
    if (line.trimmed().isEmpty()) continue;
    const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
    if (o.isEmpty())
      return QObject::tr("line %1: not a JSON object from attention-train --bench").arg(number);
    const QString preset = o.value(QStringLiteral("preset")).toString();
    const int threads = o.value(QStringLiteral("threads")).toInt();
    if (preset == QStringLiteral("matmul"))
      peak[threads] = o.value(QStringLiteral("gflops")).toDouble();
    else if (preset == QStringLiteral("bandwidth"))
      bandwidth[threads] = o.value(QStringLiteral("gb_per_s")).toDouble();
    else if (o.contains(QStringLiteral("flop_per_byte"))) {
      points.append({preset, threads, o.value(QStringLiteral("flop_per_byte")).toDouble(),
                     o.value(QStringLiteral("achieved_gflops")).toDouble()});
    }
  }
  QStringList presets;  // in order of appearance, for the marker shapes
  for (const Point& p : points) {
    if (!presets.contains(p.name)) presets.append(p.name);
  }
  if (peak.isEmpty() || bandwidth.isEmpty()) {
    return QObject::tr("no ceiling: the input needs --bench matmul and --bench bandwidth lines");
  }
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  auto* rect = new QCPAxisRect(plot);
  plot->plotLayout()->addElement(
      0, 0,
      new QCPTextElement(plot, QObject::tr("Roofline of this machine (fp32, LibTorch on the CPU)"),
                         QFont(plot->font().family(), 11, QFont::Bold)));
  plot->plotLayout()->addElement(1, 0, rect);
  auto* legend = new QCPLegend;
  placeLegend(plot, legend, 1, 1);
  legend->setFont(QFont(plot->font().family(), 8));
  plot->setAutoAddPlottableToLegend(false);
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  for (QCPAxis* axis : {x, y}) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  }
  x->setLabel(QObject::tr("arithmetic intensity (FLOP per byte moved, estimated)"));
  y->setLabel(QObject::tr("GFLOP/s"));
  double lowest = 1e9, highest = 0;
  int colour = 0;
  for (auto it = peak.constBegin(); it != peak.constEnd(); ++it, ++colour) {
    const int threads = it.key();
    if (!bandwidth.contains(threads)) continue;
    const double bw = bandwidth[threads], top = it.value();
    QVector<double> xs, ys;
    for (double i = 0.1; i <= 10000; i *= 1.2) {
      xs << i;
      ys << std::min(top, bw * i);
    }
    auto* roof = plot->addGraph(x, y);
    roof->setPen(QPen(seriesColor(colour), 2));
    roof->setData(xs, ys, true);
    roof->setName(QObject::tr("%1 thread%2: %3 GFLOP/s GEMM, %4 GB/s")
                      .arg(threads)
                      .arg(threads == 1 ? QString() : QStringLiteral("s"))
                      .arg(top, 0, 'f', 0)
                      .arg(bw, 0, 'f', 1));
    roof->addToLegend(legend);
    highest = std::max(highest, top);
    lowest = std::min(lowest, bw * 0.1);
    for (int i = 0; i < points.size(); ++i) {
      const Point& p = points[i];
      if (p.threads != threads) continue;
      // Points sit close together (bench-small and bench-base differ by a few
      // percent), so each is named in the legend, not beside it: a marker
      // shape per preset, filled with the colour of its thread count's roof.
      auto* dot = plot->addGraph(x, y);
      dot->setLineStyle(QCPGraph::lsNone);
      dot->setScatterStyle(QCPScatterStyle(presetMarker(presets.indexOf(p.name)), QPen(Qt::black),
                                           QBrush(seriesColor(colour)), 10));
      dot->setData({p.intensity}, {p.gflops});
      dot->setName(QObject::tr("%1, %2 thr.: %3 GFLOP/s (%4% of GEMM)")
                       .arg(p.name)
                       .arg(p.threads)
                       .arg(p.gflops, 0, 'f', 1)
                       .arg(100 * p.gflops / top, 0, 'f', 0));
      dot->addToLegend(legend);
      lowest = std::min(lowest, p.gflops);
    }
  }
  x->setRange(0.1, 10000);
  y->setRange(std::max(0.01, lowest / 2), highest * 2);
  return {};
}

}  // namespace attn::ui
