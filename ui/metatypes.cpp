#include "metatypes.h"

namespace attn::ui {

void registerMetaTypes() {
  qRegisterMetaType<attn::StepMetrics>();
  qRegisterMetaType<attn::EpochMetrics>();
  qRegisterMetaType<attn::Snapshot>();
  qRegisterMetaType<attn::RunOutcome>();
  qRegisterMetaType<attn::TrainRequest>();
  qRegisterMetaType<std::shared_ptr<const attn::InspectionModel>>();
  qRegisterMetaType<QVector<attn::StepMetrics>>();
}

}  // namespace attn::ui
