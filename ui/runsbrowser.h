#pragma once
// Lives on the UI thread. Every run in the runs folder with its task, model,
// status, steps, scores and date: sort by any column, filter by any text,
// open one, compare it with the open run, continue training it, or move it
// to the trash (after asking). A run whose run.json cannot be read is listed
// with the reason.

#include <QDialog>
#include <QStringList>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace attn::ui {

class RunsBrowser : public QDialog {
  Q_OBJECT

 public:
  // `busy`: run folders that must not be deleted (open, training, compared).
  RunsBrowser(const QString& runsDirectory, const QStringList& busy, QWidget* parent = nullptr);

  // Reads the folder again.
  void reload();
  QTableView* view() const { return m_view; }
  // The run folders listed, in the order shown (tests).
  QStringList shownRuns() const;
  void setFilter(const QString& text);
  // Moves the chosen run to the trash (or deletes it, where there is no
  // trash) after asking; returns an error message, empty when done or declined.
  QString deleteChosen();
  void choose(const QString& directory);

 signals:
  void openRequested(const QString& directory);
  void compareRequested(const QString& directory);
  void continueRequested(const QString& directory);

 private:
  QString chosen() const;
  void updateButtons();

  QString m_folder;
  QStringList m_busy;
  QStandardItemModel* m_model;
  QSortFilterProxyModel* m_proxy;
  QTableView* m_view;
  QLineEdit* m_filter;
  QLabel* m_count;
  QPushButton* m_open;
  QPushButton* m_compare;
  QPushButton* m_continue;
  QPushButton* m_delete;
};

}  // namespace attn::ui
