#pragma once
// Lives on the UI thread. The Inspector dock: the user's own sentence through
// a model (the open run's checkpoint nearest the timeline's moment, its best
// or last checkpoint, the live weights of the run being trained, or the
// setup's model untrained), with the translation and its probabilities, the
// attention in the usual heatmap, every stage of a chosen layer, head and
// position, and the data-flow diagram of the whole model.
//
// Inspections run on a worker thread; a new request cancels a stale one, so
// typing never waits for an old sentence.

#include <QString>
#include <atomic>
#include <functional>
#include <memory>

#include "attn/inspection.h"
#include "dockpanel.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QThreadPool;

namespace attn::ui {

class AttentionView;
class DataFlowView;
class StageView;
class TranslationTable;
struct FigureOptions;
struct ModelCache;

class InspectorPanel : public DockPanel {
  Q_OBJECT

 public:
  // `history` (may be null) gives the timeline's moments their steps.
  explicit InspectorPanel(const RunHistory* history = nullptr, QWidget* parent = nullptr);
  ~InspectorPanel() override;

  // The untrained model comes from the setup; "live" asks the trainer for a copy.
  void attach(const PanelServices& services) override;
  // The checkpoint nearest the timeline's moment follows it.
  void setMoment(int index, std::shared_ptr<const Snapshot> snapshot) override;
  // The run's checkpoints are offered; "live" while it trains.
  void runChanged(const QString& directory, bool training) override;

  // Where the model comes from (the model box's entries).
  enum class Source {
    NearestCheckpoint,
    BestCheckpoint,
    LastCheckpoint,
    Live,
    Untrained,
    HuggingFace
  };

  // The run whose checkpoints are offered (the opened or training run; empty: none).
  void setRun(const QString& directory);
  // The timeline's moment, for the checkpoint nearest it.
  void setMomentStep(std::int64_t step);
  // The setup's configuration, for the untrained model.
  void setSetupProvider(std::function<RunConfig()> provider);
  // Whether a run is training (offers "live").
  void setTraining(bool training);
  // The live weights the trainer handed over.
  void setLiveModel(std::shared_ptr<const InspectionModel> model);
  // A Hugging Face model opened from `folder` (File → Open Hugging Face
  // model…): offered as a source and chosen.
  void setHuggingFaceModel(std::shared_ptr<const InspectionModel> model, const QString& folder);
  void setSource(Source source);
  Source source() const;

  // As typing `text` and pressing Enter.
  void inspect(const QString& text);
  // The sentence last asked for (empty: none yet).
  QString inspectedText() const { return m_text; }
  bool busy() const { return m_pending > 0; }
  // The last inspection delivered (its error when it failed).
  const Inspection& result() const { return m_result; }
  QString modelDescription() const;
  QString statusText() const;
  QString chipsText() const;

  AttentionView* attentionView() const { return m_attention; }
  StageView* stageView() const { return m_stages; }
  DataFlowView* dataFlowView() const { return m_flow; }
  QTableWidget* translationTable() const;
  QTabWidget* tabs() const { return m_tabs; }
  // The stage view and the data-flow diagram of the sentence shown, each at
  // its full height (nothing when no sentence was inspected); an error
  // message, empty on success.
  QString exportFigures(const QString& folder, const FigureOptions& options,
                        QStringList* written) override;
  // The stage view's layer (0-based; encoder layers first, then decoder), head, position.
  void selectStages(AttentionKind kind, int layer, int head, int token);
  // The sentence field has the keyboard, its text selected (View → Inspect a sentence).
  void focusInput();
  // Reads what `other` read, with the same model, on the same tab (a window
  // made again in another language).
  void copyViewFrom(const InspectorPanel& other);

 signals:
  // An inspection (or its error) arrived.
  void inspected();
  // The user chose the live weights: the trainer should hand over a copy.
  void liveModelWanted();

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  struct Job;
  void submit();
  void deliver(int generation, std::shared_ptr<const InspectionModel> model,
               const Inspection& inspection, const QString& error);
  void showTranslation();
  void clearResults();
  void showStages();
  void updateChips();
  void rebuildStageChoices();
  void updateSourceChoices();
  InspectionRequest currentRequest() const;

  QComboBox* m_source;
  QLabel* m_model;
  QLineEdit* m_input;
  QPushButton* m_go;
  QLabel* m_chips;
  QLabel* m_status;
  QTabWidget* m_tabs;
  QComboBox* m_translation;  // greedy or beam
  TranslationTable* m_table;
  AttentionView* m_attention;
  QComboBox* m_stageLayer;
  QSpinBox* m_stageHead;
  QComboBox* m_stageToken;
  StageView* m_stages;
  QScrollArea* m_stageScroll;
  DataFlowView* m_flow;

  const RunHistory* m_history;
  QString m_run;
  std::int64_t m_momentStep = -1;
  bool m_training = false;
  std::function<RunConfig()> m_setup;
  std::shared_ptr<const InspectionModel> m_live;
  std::shared_ptr<const InspectionModel> m_huggingFace;
  QString m_huggingFaceFolder;
  bool m_waitingForLive = false;
  bool m_momentPending = false;                        // the moment moved while the dock was hidden
  std::shared_ptr<const InspectionModel> m_lastModel;  // for the chips while typing
  Inspection m_result;
  QString m_text;  // the sentence of the last request
  std::shared_ptr<std::atomic<int>> m_generation;
  int m_pending = 0;
  QThreadPool* m_pool;
  // Models loaded on the worker (only the worker touches it).
  std::shared_ptr<ModelCache> m_cache;
};

}  // namespace attn::ui
