#pragma once
// Lives on the UI thread. The bar along the bottom: every captured moment of
// the run on one slider. Drag to scrub, play/pause with a speed, step back and
// forward (buttons and keys), and Live to follow the running training.

#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QTimer;
class QToolBar;
class QToolButton;

namespace attn::ui {

class RunHistory;

class Timeline : public QWidget {
  Q_OBJECT

 public:
  explicit Timeline(const RunHistory* history, QWidget* parent = nullptr);
  int current() const { return m_current; }
  bool following() const;
  bool playing() const;
  // A fixed tool bar holding this timeline, for the bottom of `window`.
  QToolBar* toolBar(QWidget* window);

 public slots:
  // Selects moment `index` (clamped); stops following live.
  void select(int index);
  void stepBack();
  void stepForward();
  void togglePlay();
  void setFollowing(bool follow);
  // The history gained or replaced moments.
  void historyChanged();
  // The history was replaced: forget the selection, then show the latest moment.
  void historyReset();

 signals:
  void momentSelected(int index);

 private:
  void setCurrent(int index);
  void updateLabel();

  const RunHistory* m_history;
  QSlider* m_slider;
  QToolButton* m_back;
  QToolButton* m_play;
  QToolButton* m_forward;
  QToolButton* m_live;
  QComboBox* m_speed;
  QLabel* m_label;
  QTimer* m_timer;
  int m_current = -1;
};

}  // namespace attn::ui
