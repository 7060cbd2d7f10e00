#pragma once
// Lives on the UI thread. Asks where and how large to export a figure, then
// renders the plot at that size (not a screen grab).

#include <QDialog>

class QCustomPlot;
class QDoubleSpinBox;
class QLineEdit;
class QComboBox;
class QSpinBox;

namespace attn::ui {

struct FigureOptions;

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  // File: one figure, PNG or PDF by extension. Folder: many figures, with the
  // formats chosen here.
  enum class Mode { File, Folder };
  ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr, Mode mode = Mode::File);
  QString path() const;
  FigureOptions options() const;
  // Adds a field for the epochs of the attention-evolution grid.
  void askForEpochs();
  int figureWidth() const;
  int figureHeight() const;
  double scale() const;

 private:
  QLineEdit* m_path;
  QSpinBox* m_width;
  QSpinBox* m_height;
  QDoubleSpinBox* m_scale;
  QComboBox* m_formats = nullptr;
  QLineEdit* m_epochs = nullptr;
};

// Renders `plot` to a PNG (or PDF, by extension). Returns an error message, empty on success.
QString exportFigure(QCustomPlot* plot, const QString& path, int width, int height, double scale);

}  // namespace attn::ui
