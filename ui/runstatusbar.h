#pragma once
// Lives on the UI thread. The window's status bar: the device and thread
// count, the step, the speed and the run's folder; messages ("Saved …") take
// the whole bar while they last.

#include <QObject>

class QLabel;
class QStatusBar;

namespace attn::ui {

class ElidedLabel;

class RunStatusBar : public QObject {
  Q_OBJECT

 public:
  explicit RunStatusBar(QStatusBar* bar);

  QLabel* step() const { return m_step; }
  QLabel* speed() const { return m_speed; }
  void setDevice(const QString& device);
  void setRunDirectory(const QString& directory);

 private:
  QLabel* m_device;
  QLabel* m_step;
  QLabel* m_speed;
  ElidedLabel* m_run;
};

}  // namespace attn::ui
