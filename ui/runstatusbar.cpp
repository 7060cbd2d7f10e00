#include "runstatusbar.h"

#include <QLabel>
#include <QStatusBar>

#include "attn/version.h"
#include "elidedlabel.h"

namespace attn::ui {

RunStatusBar::RunStatusBar(QStatusBar* bar)
    : QObject(bar),
      m_device(new QLabel(bar)),
      m_step(new QLabel(bar)),
      m_speed(new QLabel(bar)),
      m_run(new ElidedLabel(bar)) {
  m_run->setObjectName(QStringLiteral("statusRun"));
  bar->addWidget(m_device);
  bar->addWidget(m_step);
  bar->addWidget(m_speed);
  // Beside the others, not permanent: a message ("Saved …") then has the
  // whole bar, not the space the run's folder leaves.
  bar->addWidget(m_run, 1);
  m_device->setText(
      tr("device: %1 · threads: automatic").arg(QString::fromStdString(device_description())));
}

void RunStatusBar::setDevice(const QString& device) {
  m_device->setText(tr("device: %1").arg(device));
}

void RunStatusBar::setRunDirectory(const QString& directory) { m_run->setFullText(directory); }

}  // namespace attn::ui
