#pragma once
// Lives on the UI thread. Another run's attention shown with this one's at
// the same step: side by side while each heatmap keeps a readable width, one
// above the other while each keeps a readable height, and as two tabs
// (the two runs' names) when neither fits, as on a laptop. The compared view
// mirrors the main view's selection, and its snapshot is what "− compared
// run" subtracts.

#include <QObject>
#include <QString>

class QSplitter;
class QTabBar;
class QWidget;

namespace attn::ui {

class AttentionView;
class RunHistory;

class RunComparison : public QObject {
  Q_OBJECT

 public:
  // `main` goes into the comparison's widget; `history` is the main run's.
  RunComparison(AttentionView* main, const RunHistory* history, QWidget* parent);

  // The window's centre: the heatmaps, and the tabs when they take turns.
  QWidget* widget() const { return m_widget; }
  RunHistory* history() const { return m_history; }
  AttentionView* view() const { return m_view; }
  bool active() const { return m_active; }
  // How the two are arranged now.
  enum class Arrangement { SideBySide, Stacked, Tabs };
  Arrangement arrangement() const { return m_arrangement; }
  // Opens `directory` beside the main run; false with *error naming the file.
  bool open(const QString& directory, QString* error);
  void stop();
  // The compared run's moment at `step` (its latest at or before it) in the
  // compared view, and as the main view's reference.
  void showStep(qint64 step);
  // Side by side, stacked or tabs, as the centre's size allows.
  void arrange();
  // Each view's caption (and tab): its implementation, or the run's name when
  // both are the same implementation.
  void updateCaptions();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* m_widget;
  QTabBar* m_tabs;
  QSplitter* m_splitter;
  AttentionView* m_main;
  AttentionView* m_view;
  const RunHistory* m_mainHistory;
  RunHistory* m_history;
  bool m_active = false;
  Arrangement m_arrangement = Arrangement::SideBySide;
};

}  // namespace attn::ui
