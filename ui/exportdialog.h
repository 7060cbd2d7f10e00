#pragma once
// Lives on the UI thread. Asks where and how large to export a figure, then
// renders the plot at that size (not a screen grab).

#include <QDialog>

class QCustomPlot;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace attn::ui {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr);
  QString path() const;
  int figureWidth() const;
  int figureHeight() const;
  double scale() const;

 private:
  QLineEdit* m_path;
  QSpinBox* m_width;
  QSpinBox* m_height;
  QDoubleSpinBox* m_scale;
};

// Renders `plot` to a PNG (or PDF, by extension). Returns an error message, empty on success.
QString exportFigure(QCustomPlot* plot, const QString& path, int width, int height, double scale);

}  // namespace attn::ui
