#include "timeline.h"

#include <QToolBar>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include "runhistory.h"

namespace attn::ui {

Timeline::Timeline(const RunHistory* history, QWidget* parent)
    : QWidget(parent), m_history(history) {
  setObjectName(QStringLiteral("timeline"));
  auto button = [this](const QString& name, QStyle::StandardPixmap icon, const QString& tip) {
    auto* b = new QToolButton(this);
    b->setObjectName(name);
    b->setIcon(style()->standardIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
  };
  m_back = button(QStringLiteral("timelineBack"), QStyle::SP_MediaSeekBackward,
                  tr("Previous moment (Alt+Left)"));
  m_play = button(QStringLiteral("timelinePlay"), QStyle::SP_MediaPlay,
                  tr("Play through the moments (Alt+Space)"));
  m_forward = button(QStringLiteral("timelineForward"), QStyle::SP_MediaSeekForward,
                     tr("Next moment (Alt+Right)"));
  m_slider = new QSlider(Qt::Horizontal, this);
  m_slider->setObjectName(QStringLiteral("timelineSlider"));
  m_slider->setRange(0, 0);
  m_slider->setPageStep(10);
  m_slider->setToolTip(tr("Drag to scrub through training; arrow keys step"));
  m_speed = new QComboBox(this);
  m_speed->setObjectName(QStringLiteral("timelineSpeed"));
  for (int fps : {2, 5, 10, 20}) m_speed->addItem(tr("%1 /s").arg(fps), fps);
  m_speed->setCurrentIndex(1);
  m_speed->setToolTip(tr("Moments per second while playing"));
  m_live = new QToolButton(this);
  m_live->setObjectName(QStringLiteral("timelineLive"));
  m_live->setText(tr("Live"));
  m_live->setCheckable(true);
  m_live->setChecked(true);
  m_live->setToolTip(tr("Follow the running training (Alt+L)"));
  m_label = new QLabel(this);
  m_label->setObjectName(QStringLiteral("timelineLabel"));
  m_label->setMinimumWidth(220);
  m_timer = new QTimer(this);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  layout->addWidget(m_back);
  layout->addWidget(m_play);
  layout->addWidget(m_forward);
  layout->addWidget(m_slider, 1);
  layout->addWidget(m_label);
  layout->addWidget(m_speed);
  layout->addWidget(m_live);

  connect(m_back, &QToolButton::clicked, this, &Timeline::stepBack);
  connect(m_forward, &QToolButton::clicked, this, &Timeline::stepForward);
  connect(m_play, &QToolButton::clicked, this, &Timeline::togglePlay);
  connect(m_live, &QToolButton::toggled, this, &Timeline::setFollowing);
  connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
    // A user's move; following live would yank it back.
    if (value != m_current) {
      const QSignalBlocker block(m_live);
      m_live->setChecked(false);
      setCurrent(value);
    }
  });
  connect(m_speed, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { m_timer->setInterval(1000 / m_speed->currentData().toInt()); });
  m_timer->setInterval(1000 / m_speed->currentData().toInt());
  connect(m_timer, &QTimer::timeout, this, [this] {
    if (m_current + 1 >= m_history->momentCount()) {
      togglePlay();  // the end: stop
      return;
    }
    setCurrent(m_current + 1);
  });
  updateLabel();
}

bool Timeline::following() const { return m_live->isChecked(); }
bool Timeline::playing() const { return m_timer->isActive(); }

void Timeline::select(int index) {
  const QSignalBlocker block(m_live);
  m_live->setChecked(false);
  setCurrent(index);
}

void Timeline::stepBack() { select(m_current - 1); }
void Timeline::stepForward() { select(m_current + 1); }

void Timeline::togglePlay() {
  if (m_timer->isActive()) {
    m_timer->stop();
  } else {
    if (m_history->momentCount() == 0) return;
    {
      const QSignalBlocker block(m_live);
      m_live->setChecked(false);
    }
    // Playing from the end starts again from the beginning.
    if (m_current + 1 >= m_history->momentCount()) setCurrent(0);
    m_timer->start();
  }
  m_play->setIcon(
      style()->standardIcon(m_timer->isActive() ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void Timeline::setFollowing(bool follow) {
  {
    const QSignalBlocker block(m_live);
    m_live->setChecked(follow);
  }
  if (follow) {
    if (m_timer->isActive()) togglePlay();
    setCurrent(m_history->momentCount() - 1);
  }
}

void Timeline::historyChanged() {
  const int count = m_history->momentCount();
  {
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, std::max(0, count - 1));
  }
  if (count == 0) {
    m_current = -1;
    updateLabel();
    emit momentSelected(-1);
  } else if (following() || m_current < 0 || m_current >= count) {
    setCurrent(count - 1);
  } else {
    updateLabel();
  }
}

void Timeline::historyReset() {
  m_current = -1;
  historyChanged();
}

void Timeline::setCurrent(int index) {
  const int count = m_history->momentCount();
  if (count == 0) return;
  index = std::clamp(index, 0, count - 1);
  const bool changed = index != m_current;
  m_current = index;
  {
    const QSignalBlocker block(m_slider);
    m_slider->setValue(index);
  }
  updateLabel();
  if (changed) emit momentSelected(index);
}

void Timeline::updateLabel() {
  const int count = m_history->momentCount();
  m_back->setEnabled(m_current > 0);
  m_forward->setEnabled(m_current >= 0 && m_current + 1 < count);
  m_play->setEnabled(count > 1);
  if (m_current < 0 || m_current >= count) {
    m_label->setText(tr("no captured moments yet"));
    return;
  }
  const Moment& m = m_history->moments()[m_current];
  m_label->setText(tr("step %1 · epoch %2%3 · %4/%5")
                       .arg(m.step)
                       .arg(m.epoch)
                       .arg(m.epochEnd ? tr(" (end)") : QString())
                       .arg(m_current + 1)
                       .arg(count));
}

QToolBar* Timeline::toolBar(QWidget* window) {
  auto* bar = new QToolBar(tr("Timeline"), window);
  bar->setObjectName(QStringLiteral("timelineBar"));
  bar->setMovable(false);
  bar->addWidget(this);
  return bar;
}

}  // namespace attn::ui
