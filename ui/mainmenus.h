#pragma once
// Lives on the UI thread. The window's menu bar: File, Run, Timeline, View
// and Help, with their shortcuts, the dialogs they open (a run folder, a
// configuration file), the recent runs and the language. Every entry calls
// the window's public interface.

#include <QObject>

class QAction;
class QMenu;

namespace attn::ui {

class MainWindow;

class MainMenus : public QObject {
  Q_OBJECT

 public:
  explicit MainMenus(MainWindow* window);

  QAction* trainAction() const { return m_train; }
  // The Run menu's entries for a run training or not, and a setup that can be trained.
  void showState(bool running, bool canTrain);
  // Puts `directory` first in File → Recent runs (kept in the settings).
  void rememberRun(const QString& directory);

 private:
  void buildFile();
  void buildRun();
  void buildTimeline();
  void buildView();
  void buildHelp();
  void rebuildRecentMenu();
  void chooseLanguage(const QString& code);
  QString chooseRunFolder(const QString& title) const;
  void saveConfiguration();
  void openConfiguration();
  void showAbout();

  MainWindow* m_window;
  QMenu* m_recent = nullptr;
  QAction* m_train = nullptr;
  QAction* m_continue = nullptr;
  QAction* m_pause = nullptr;
  QAction* m_stop = nullptr;
};

}  // namespace attn::ui
