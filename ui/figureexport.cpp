#include "figureexport.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

#include "dockpanel.h"
#include "exportdialog.h"
#include "lossplot.h"
#include "runhistory.h"

namespace attn::ui {

QStringList writeWindowFigures(AttentionView* heatmap, LossPlot* curves,
                               const QList<DockPanel*>& docks, const QString& folder,
                               const FigureOptions& options, QString* error) {
  QStringList written;
  auto note = [&](const QString& problem) {
    if (!problem.isEmpty() && error)
      *error += (error->isEmpty() ? QString() : QStringLiteral("\n")) + problem;
  };
  const QDir dir(folder);
  note(saveFigure(heatmap->plot(), dir.filePath(heatmap->figureName()), options, &written));
  // The attention's numbers beside its picture, for a notebook.
  note(saveTable(dir.filePath(heatmap->figureName() + QStringLiteral(".csv")), heatmap->shownCsv(),
                 &written));
  note(saveFigure(curves->plot(), dir.filePath(QStringLiteral("training_curves")), options,
                  &written));
  for (DockPanel* dock : docks) note(dock->exportFigures(folder, options, &written));
  return written;
}

FigureExport::FigureExport(QWidget* window, const RunHistory* history)
    : QObject(window), m_window(window), m_history(history) {}

QString FigureExport::folder() const {
  return m_runDirectory.isEmpty() ? QDir::homePath()
                                  : QDir(m_runDirectory).filePath(QStringLiteral("visualizations"));
}

bool FigureExport::hasSomethingToExport(const QString& title) const {
  if (m_history->momentCount() > 0 || !m_history->steps().isEmpty()) return true;
  // An empty heatmap written into the last run's folder helps nobody.
  QMessageBox::information(m_window, title,
                           tr("Nothing to export yet: train or open a run first."));
  return false;
}

void FigureExport::exportPlot(QCustomPlot* plot, const QString& name, const QString& csv) {
  // <run>_<view>_..._step<N>.png: the run's name travels with a figure copied elsewhere.
  const QString run = m_runDirectory.isEmpty()
                          ? QString()
                          : QFileInfo(m_runDirectory).fileName() + QLatin1Char('_');
  ExportDialog dialog(QDir(folder()).filePath(run + name + QStringLiteral(".png")), m_window);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error = exportFigure(plot, dialog.path(), dialog.figureWidth(), dialog.figureHeight(),
                               dialog.scale());
  // The numbers drawn, beside the figure with the same name and .csv.
  const QFileInfo figure(dialog.path());
  const QString table = figure.dir().filePath(figure.completeBaseName() + QStringLiteral(".csv"));
  if (error.isEmpty() && !csv.isEmpty()) error = saveTable(table, csv, nullptr);
  if (!error.isEmpty()) {
    QMessageBox::warning(m_window, tr("Export figure"), error);
  } else if (csv.isEmpty()) {
    emit saved(tr("Saved %1").arg(dialog.path()));
  } else {
    emit saved(tr("Saved %1 and its numbers in %2").arg(dialog.path(), table));
  }
}

void FigureExport::exportAll(const WriteAll& writeAll) {
  if (!hasSomethingToExport(tr("Export all figures"))) return;
  ExportDialog dialog(folder(), m_window, ExportDialog::Mode::Folder);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error;
  const QStringList written = writeAll(dialog.path(), dialog.options(), &error);
  report(tr("Export all figures"), written, dialog.path(), error);
}

void FigureExport::writeTutorial(const AttentionView::Selection& selection) {
  if (!hasSomethingToExport(tr("Tutorial figures"))) return;
  ExportDialog dialog(folder(), m_window, ExportDialog::Mode::Folder);
  dialog.setWindowTitle(tr("Write the tutorial figures"));
  dialog.askForEpochs();
  if (dialog.exec() != QDialog::Accepted) return;
  // attention_evolution shows what the heatmap shows now.
  FigureOptions options = dialog.options();
  options.evolutionKind = selection.kind;
  options.evolutionLayer = selection.layer;
  options.evolutionHead = selection.head >= 0 ? selection.head : -1;  // mean/max: all heads
  options.evolutionExample = selection.example;
  QString error;
  const QStringList written = writeTutorialFigures(*m_history, dialog.path(), options, &error);
  report(tr("Tutorial figures"), written, dialog.path(), error);
}

void FigureExport::report(const QString& title, const QStringList& written, const QString& folder,
                          const QString& error) {
  if (!error.isEmpty()) QMessageBox::warning(m_window, title, error);
  if (!written.isEmpty())
    emit saved(tr("Saved %n figure(s) in %1", nullptr, int(written.size())).arg(folder));
}

}  // namespace attn::ui
