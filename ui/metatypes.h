#pragma once
// The engine's value types, registered so they travel through queued signals.

#include <QMetaType>
#include <QVector>

#include <memory>

#include "attn/inspection.h"
#include "attn/metrics.h"
#include "attn/snapshot.h"
#include "attn/trainer.h"

Q_DECLARE_METATYPE(attn::StepMetrics)
Q_DECLARE_METATYPE(attn::EpochMetrics)
Q_DECLARE_METATYPE(attn::Snapshot)
Q_DECLARE_METATYPE(attn::RunOutcome)
Q_DECLARE_METATYPE(attn::TrainRequest)
Q_DECLARE_METATYPE(std::shared_ptr<const attn::InspectionModel>)

namespace attn::ui {
// Once, before the first queued signal carries one of them.
void registerMetaTypes();
}  // namespace attn::ui
