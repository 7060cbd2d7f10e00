// A process's place in a data-parallel run, read from the environment as
// torch.distributed's env:// and Slurm set it, and --master.

#include <QtTest/QtTest>

#include <map>
#include <string>

#include "attn/world.h"

namespace {

std::optional<attn::World> world_of(const std::map<std::string, std::string>& variables,
                                    std::string* error) {
  return attn::world_from_environment(
      [&](const char* name) -> const char* {
        const auto found = variables.find(name);
        return found == variables.end() ? nullptr : found->second.c_str();
      },
      error);
}

}  // namespace

class TestWorld : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void noVariablesIsOneProcess() {
    std::string error;
    QVERIFY(!world_of({}, &error));
    QVERIFY(error.empty());
    QVERIFY(!attn::World{}.distributed());
  }

  void pytorchVariables() {
    std::string error;
    const auto world = world_of({{"RANK", "3"},
                                 {"WORLD_SIZE", "4"},
                                 {"LOCAL_RANK", "1"},
                                 {"LOCAL_WORLD_SIZE", "2"},
                                 {"MASTER_ADDR", "node01"},
                                 {"MASTER_PORT", "29400"}},
                                &error);
    QVERIFY2(world, error.c_str());
    QCOMPARE(world->rank, 3);
    QCOMPARE(world->size, 4);
    QCOMPARE(world->local_rank, 1);
    QCOMPARE(world->local_size, 2);
    QCOMPARE(world->master_address, std::string("node01"));
    QCOMPARE(world->master_port, 29400);
    QVERIFY(world->distributed());
  }

  // Defaults where torchrun would have set them: loopback, port 29500.
  void pytorchDefaults() {
    std::string error;
    const auto world = world_of({{"RANK", "0"}, {"WORLD_SIZE", "2"}}, &error);
    QVERIFY2(world, error.c_str());
    QCOMPARE(world->master_address, std::string("127.0.0.1"));
    QCOMPARE(world->master_port, 29500);
    QCOMPARE(world->local_rank, 0);
  }

  void slurmWhenPytorchIsAbsent() {
    std::string error;
    const auto world = world_of({{"SLURM_PROCID", "5"},
                                 {"SLURM_NTASKS", "8"},
                                 {"SLURM_LOCALID", "1"},
                                 {"SLURM_NTASKS_PER_NODE", "2(x4)"},
                                 {"MASTER_ADDR", "10.0.0.1"}},
                                &error);
    QVERIFY2(world, error.c_str());
    QCOMPARE(world->rank, 5);
    QCOMPARE(world->size, 8);
    QCOMPARE(world->local_rank, 1);
    QCOMPARE(world->local_size, 2);
    QCOMPARE(world->master_address, std::string("10.0.0.1"));
  }

  void pytorchWinsOverSlurm() {
    std::string error;
    const auto world = world_of(
        {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"SLURM_PROCID", "7"}, {"SLURM_NTASKS", "9"}}, &error);
    QVERIFY2(world, error.c_str());
    QCOMPARE(world->rank, 1);
    QCOMPARE(world->size, 2);
  }

  void badValuesNameTheVariable_data() {
    QTest::addColumn<QString>("variables");
    QTest::addColumn<QString>("message");
    QTest::newRow("text") << "RANK=a WORLD_SIZE=2"
                          << "RANK=a: expected a whole number";
    QTest::newRow("negative") << "RANK=0 WORLD_SIZE=-2"
                              << "WORLD_SIZE=-2: expected a whole number";
    QTest::newRow("rank too large") << "RANK=2 WORLD_SIZE=2"
                                    << "rank 2: expected 0 to 1";
    QTest::newRow("size zero") << "RANK=0 WORLD_SIZE=0"
                               << "world size 0: expected at least 1";
    QTest::newRow("port") << "RANK=0 WORLD_SIZE=2 MASTER_PORT=70000"
                          << "master port 70000: expected 1 to 65535";
    QTest::newRow("port text") << "RANK=0 WORLD_SIZE=2 MASTER_PORT=http"
                               << "MASTER_PORT=http: expected a whole number";
    QTest::newRow("local rank") << "RANK=0 WORLD_SIZE=2 LOCAL_RANK=2 LOCAL_WORLD_SIZE=2"
                                << "local rank 2: expected 0 to 1";
    QTest::newRow("rank alone") << "RANK=0"
                                << "WORLD_SIZE is not set, but RANK is";
  }
  void badValuesNameTheVariable() {
    QFETCH(QString, variables);
    QFETCH(QString, message);
    std::map<std::string, std::string> environment;
    for (const auto& pair : variables.split(' '))
      environment[pair.section('=', 0, 0).toStdString()] = pair.section('=', 1).toStdString();
    std::string error;
    QVERIFY(!world_of(environment, &error));
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
  }

  void master() {
    attn::World world;
    std::string error;
    QVERIFY(attn::parse_master("node01:29400", world, &error));
    QCOMPARE(world.master_address, std::string("node01"));
    QCOMPARE(world.master_port, 29400);
    QVERIFY(attn::parse_master("[fe80::1]:1234", world, &error));
    QCOMPARE(world.master_address, std::string("fe80::1"));
    QVERIFY(!attn::parse_master("node01", world, &error));
    QVERIFY(!attn::parse_master(":29500", world, &error));
    QVERIFY(!attn::parse_master("node01:0", world, &error));
    QVERIFY(!attn::parse_master("node01:port", world, &error));
  }
};

QTEST_GUILESS_MAIN(TestWorld)
#include "tst_world.moc"
