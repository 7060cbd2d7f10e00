#include "exportdialog.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSaveFile>
#include <QSpinBox>

#include "figures.h"

namespace attn::ui {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent, Mode mode)
    : QDialog(parent) {
  setWindowTitle(mode == Mode::File ? tr("Export figure") : tr("Export all figures"));
  m_path = new QLineEdit(suggestedPath, this);
  auto* browse = new QPushButton(tr("Browse…"), this);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(m_path, 1);
  pathRow->addWidget(browse);
  m_width = new QSpinBox(this);
  m_width->setRange(100, 10000);
  m_width->setValue(1200);
  m_width->setSuffix(tr(" px"));
  m_height = new QSpinBox(this);
  m_height->setRange(100, 10000);
  m_height->setValue(800);
  m_height->setSuffix(tr(" px"));
  m_scale = new QDoubleSpinBox(this);
  m_scale->setRange(0.5, 4);
  m_scale->setValue(2);
  m_scale->setSingleStep(0.5);
  m_scale->setToolTip(tr("Pixels per point: 2 gives sharp figures for slides"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  auto* form = new QFormLayout(this);
  form->addRow(mode == Mode::File ? tr("File") : tr("Folder"), pathRow);
  if (mode == Mode::Folder) {
    m_formats = new QComboBox(this);
    m_formats->setObjectName(QStringLiteral("exportFormats"));
    m_formats->addItems({tr("PNG"), tr("PDF (vector)"), tr("PNG and PDF")});
    form->addRow(tr("Format"), m_formats);
  }
  form->addRow(tr("Width"), m_width);
  form->addRow(tr("Height"), m_height);
  form->addRow(tr("Scale"), m_scale);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this, mode] {
    if (mode == Mode::Folder) {
      const QString folder =
          QFileDialog::getExistingDirectory(this, tr("Export all figures into"), m_path->text());
      if (!folder.isEmpty()) m_path->setText(folder);
      return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), m_path->text(), tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (!path.isEmpty()) m_path->setText(path);
  });
}

QString ExportDialog::path() const { return m_path->text(); }
int ExportDialog::figureWidth() const { return m_width->value(); }
int ExportDialog::figureHeight() const { return m_height->value(); }
double ExportDialog::scale() const { return m_scale->value(); }

FigureOptions ExportDialog::options() const {
  FigureOptions options;
  options.width = figureWidth();
  options.height = figureHeight();
  options.scale = scale();
  const int formats = m_formats ? m_formats->currentIndex() : 0;
  options.png = formats != 1;
  options.pdf = formats != 0;
  if (m_epochs) parseEpochList(m_epochs->text(), &options.evolutionEpochs, nullptr);
  return options;
}

void ExportDialog::askForEpochs() {
  m_epochs = new QLineEdit(this);
  m_epochs->setObjectName(QStringLiteral("evolutionEpochs"));
  m_epochs->setPlaceholderText(tr("e.g. 1,5,10,30 (empty: five spread over training)"));
  m_epochs->setValidator(new QRegularExpressionValidator(
      QRegularExpression(QStringLiteral("^\\s*(\\d+\\s*(,\\s*\\d+\\s*)*,?)?$")), m_epochs));
  auto* form = qobject_cast<QFormLayout*>(layout());
  form->insertRow(form->rowCount() - 1, tr("Evolution epochs"), m_epochs);
}

QString exportFigure(QCustomPlot* plot, const QString& path, int width, int height, double scale) {
  if (path.isEmpty()) return QObject::tr("No file name given");
  const QFileInfo info(path);
  if (!QDir().mkpath(info.absolutePath()))
    return QObject::tr("%1: cannot create the folder").arg(info.absolutePath());
  // Render to a temporary name, then rename: an existing figure is never left half-written.
  // A colour scale that has never been on screen has no gradient image yet;
  // setting its gradient again makes it render one at the export size.
  for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
    if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
      const QCPColorGradient gradient = scale->gradient();
      scale->setGradient(QCPColorGradient(QCPColorGradient::gpGrayscale));
      scale->setGradient(gradient);
    }
  }
  // Full-quality line joins in files (the screen trades them for speed).
  const QCP::PlottingHints screenHints = plot->plottingHints();
  plot->setPlottingHint(QCP::phFastPolylines, false);
  const QString temporary = path + QStringLiteral(".part");
  const bool pdf = info.suffix().compare(QStringLiteral("pdf"), Qt::CaseInsensitive) == 0;
  const bool ok = pdf ? plot->savePdf(temporary, width, height)
                      : plot->savePng(temporary, width, height, scale, -1, 96, QCP::ruDotsPerInch);
  plot->setPlottingHints(screenHints);
  if (!ok) {
    QFile::remove(temporary);
    return QObject::tr("%1: cannot write the figure").arg(path);
  }
  QFile::remove(path);
  if (!QFile::rename(temporary, path)) return QObject::tr("%1: cannot replace the file").arg(path);
  return {};
}

}  // namespace attn::ui
