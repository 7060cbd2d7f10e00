#pragma once
// What a run directory's run.json says about it, in a few words: for the runs
// browser and the recent-runs menu. Reads run.json only (never the history),
// so listing a folder of many runs is quick.

#include <QDateTime>
#include <QString>

namespace attn::ui {

struct RunSummary {
  QString directory;
  QString name;     // the folder's name
  QString problem;  // empty when run.json was read; else why not (file: what)
  QString task;     // "copy", "reverse", or the corpus file's name
  QString model;    // preset and implementation, e.g. "tiny · scratch"
  QString status;   // finished, stopped, failed, running…
  QDateTime date;   // when run.json was last written
  qint64 steps = 0;
  int epochs = 0;            // evaluated epochs (0: none)
  double bestEvalLoss = -1;  // −1: none
  double exactMatch = -1;    // last evaluation, 0..1; −1: none
  double bleu = -1;
  qint64 parameters = 0;
  qint64 seed = 0;
  bool deterministic = false;  // the same seed and settings give the same numbers
};

RunSummary readRunSummary(const QString& directory);

// "copy · finished" (or the problem), for menus.
QString shortDescription(const RunSummary& summary);

// A run's status as run.json writes it ("finished", "early-stopped", …) in
// the language the app speaks; an unknown one as written.
QString statusText(const QString& status);

}  // namespace attn::ui
