#pragma once
// Lives on the UI thread. Another run's attention shown with this one's at
// the same step: side by side while each heatmap keeps a readable width, one
// above the other on a narrower window. The compared view mirrors the main
// view's selection, and its snapshot is what "− compared run" subtracts.

#include <QObject>
#include <QString>

class QSplitter;

namespace attn::ui {

class AttentionView;
class RunHistory;

class RunComparison : public QObject {
  Q_OBJECT

 public:
  // `centre` holds `main` and the compared view; `history` is the main run's.
  RunComparison(QSplitter* centre, AttentionView* main, const RunHistory* history);

  RunHistory* history() const { return m_history; }
  AttentionView* view() const { return m_view; }
  bool active() const;
  // Opens `directory` beside the main run; false with *error naming the file.
  bool open(const QString& directory, QString* error);
  void stop();
  // The compared run's moment at `step` (its latest at or before it) in the
  // compared view, and as the main view's reference.
  void showStep(qint64 step);
  // Side by side or one above the other, as the centre's width allows.
  void arrange();
  // Each view's caption: its implementation, or the run's name when both
  // are the same implementation.
  void updateCaptions();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QSplitter* m_centre;
  AttentionView* m_main;
  AttentionView* m_view;
  const RunHistory* m_mainHistory;
  RunHistory* m_history;
};

}  // namespace attn::ui
