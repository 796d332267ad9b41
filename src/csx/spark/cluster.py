"""A local Spark standalone cluster with a Thrift (HiveServer2) server: `make spark-up` / `make spark-down`.

On 127.0.0.1: one master, two workers (1 core, `CSX_SPARK_WORKER_MEMORY` each) and the Spark Thrift server
(`HiveThriftServer2`) as the cluster's one application, which dbt-spark reaches with `method: thrift`. The
server owns a Derby metastore and the warehouse directory under the cluster directory (`build/spark/`, or
`$CSX_SPARK_DIR`), so separate dbt invocations share one persistent catalog. Every process started is
recorded in `<dir>/pids/<role>.pid`; `down` stops exactly those (and only if the pid still runs the
class it was started with). Readiness is waited for by port (master, Thrift) and by the master's
registration log lines (workers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
THRIFT_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
WORKERS = 2


@dataclass(frozen=True)
class ClusterConfig:
    directory: Path
    host: str = "127.0.0.1"
    master_port: int = 7077
    thrift_port: int = 10000
    worker_memory: str = "1g"
    driver_memory: str = "1g"

    @classmethod
    def from_env(cls, root: Path | None = None) -> ClusterConfig:
        env = os.environ
        base = root or Path.cwd()
        directory = Path(env.get("CSX_SPARK_DIR", base / "build" / "spark"))
        return cls(
            directory=(directory if directory.is_absolute() else base / directory).resolve(),
            master_port=int(env.get("CSX_SPARK_MASTER_PORT", "7077")),
            thrift_port=int(env.get("CSX_SPARK_PORT", "10000")),
            worker_memory=env.get("CSX_SPARK_WORKER_MEMORY", "1g"),
            driver_memory=env.get("CSX_SPARK_DRIVER_MEMORY", "1g"),
        )

    @property
    def master_url(self) -> str:
        return f"spark://{self.host}:{self.master_port}"

    @property
    def warehouse(self) -> Path:
        return self.directory / "warehouse"

    @property
    def metastore(self) -> Path:
        return self.directory / "metastore_db"

    def pid_file(self, role: str) -> Path:
        return self.directory / "pids" / f"{role}.pid"

    def log_file(self, role: str) -> Path:
        return self.directory / "logs" / f"{role}.log"


class ClusterError(RuntimeError):
    pass


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def _port_open(host: str, port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _running(pid: int, needle: str) -> bool:
    """Whether `pid` is alive and its command line mentions `needle` (guards against pid reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return needle in cmdline


def _alive(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie (its command line may be blank for a moment during exec)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in {"Z", "X"}


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _env(cfg: ClusterConfig, role: str) -> dict[str, str]:
    home = spark_home()
    return {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_CONF_DIR": str(cfg.directory / "conf"),
        "SPARK_LOG_DIR": str(cfg.directory / "logs"),
        "SPARK_LOCAL_IP": cfg.host,
        # the launcher sizes the Thrift server (a "daemon" to it) by SPARK_DAEMON_MEMORY too
        "SPARK_DAEMON_MEMORY": (
            cfg.driver_memory if role == "thrift" else os.environ.get("CSX_SPARK_DAEMON_MEMORY", "256m")
        ),
        "SPARK_WORKER_DIR": str(cfg.directory / "work"),
        "PYSPARK_PYTHON": sys.executable,
    }


def _start(cfg: ClusterConfig, role: str, needle: str, args: list[str]) -> int:
    pid_file = cfg.pid_file(role)
    old = _read_pid(pid_file)
    if old is not None and _running(old, needle):
        return old
    cmd = [str(spark_home() / "bin" / "spark-class"), *args]
    cfg.log_file(role).parent.mkdir(parents=True, exist_ok=True)
    with cfg.log_file(role).open("ab") as log:
        proc = subprocess.Popen(  # spark-class execs java: this pid is the JVM's
            cmd,
            cwd=cfg.directory,
            env=_env(cfg, role),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{proc.pid}\n")
    return proc.pid


def _wait(what: str, ready: Callable[[], bool], cfg: ClusterConfig, role: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pid = _read_pid(cfg.pid_file(role))
    while time.monotonic() < deadline:
        if ready():
            return
        if pid is None or not _alive(pid):
            tail = _tail(cfg.log_file(role))
            raise ClusterError(f"{what} exited before it was ready; {cfg.log_file(role)}:\n{tail}")
        time.sleep(0.5)
    raise ClusterError(f"{what} not ready after {timeout:.0f} s; see {cfg.log_file(role)}")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _registered_workers(cfg: ClusterConfig) -> int:
    text = ""
    with contextlib.suppress(OSError):
        text = cfg.log_file("master").read_text(errors="replace")
    # the master log is appended to across restarts: count registrations since its last start
    last_start = text.rfind("Starting Spark master")
    return text[max(last_start, 0) :].count("Registering worker")


def write_conf(cfg: ClusterConfig) -> None:
    """spark-defaults.conf for every process of the cluster (the Thrift server reads the catalog settings)."""
    conf = cfg.directory / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    settings = {
        "spark.master": cfg.master_url,
        "spark.sql.warehouse.dir": cfg.warehouse.as_uri(),
        "spark.sql.catalogImplementation": "hive",
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={cfg.metastore};create=true"
        ),
        "spark.hadoop.datanucleus.schema.autoCreateAll": "true",
        "spark.hadoop.hive.metastore.schema.verification": "false",
        # Bytecode verification off in the server's JVM: Spark 4 ships Hive 2.3 without hive-llap-common, and
        # closing a Thrift session initialises Hive's FunctionRegistry, whose GenericUDTFGetSplits cannot be
        # verified without LLAP classes (NoClassDefFoundError LlapSigner$Signable; SPARK-51041). Unverified,
        # it loads, and no LLAP code ever runs.
        "spark.driver.extraJavaOptions": (
            f"-Dderby.system.home={cfg.directory} -XX:+UnlockDiagnosticVMOptions "
            "-XX:-BytecodeVerificationRemote -XX:-BytecodeVerificationLocal"
        ),
        "spark.executor.memory": os.environ.get("CSX_SPARK_EXECUTOR_MEMORY", "900m"),
        "spark.executor.cores": "1",
        "spark.cores.max": str(WORKERS),
        "spark.sql.shuffle.partitions": os.environ.get("CSX_SPARK_SHUFFLE_PARTITIONS", "4"),
        "spark.sql.adaptive.enabled": "true",
        "spark.ui.enabled": "false",
        # statements run inside the ExecuteStatement call: dbt-spark's poll then finds them finished instead
        # of sleeping its poll interval (whole seconds) after every statement
        "spark.sql.hive.thriftServer.async": "false",
    }
    lines = [f"{k} {v}" for k, v in settings.items()]
    (conf / "spark-defaults.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (conf / "log4j2.properties").write_text(
        "rootLogger.level = warn\nrootLogger.appenderRef.stdout.ref = console\n"
        "appender.console.type = Console\nappender.console.name = console\n"
        "appender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n"
        "logger.master.name = org.apache.spark.deploy.master.Master\nlogger.master.level = info\n"
        "logger.worker.name = org.apache.spark.deploy.worker.Worker\nlogger.worker.level = info\n"
        "logger.thrift.name = org.apache.spark.sql.hive.thriftserver.HiveThriftServer2\n"
        "logger.thrift.level = info\n",
        encoding="utf-8",
    )


def up(cfg: ClusterConfig, timeout: float = 180.0) -> None:
    """Start master, workers and Thrift server (each only if not already running) and wait until ready."""
    for sub in ("warehouse", "work", "logs", "pids"):
        (cfg.directory / sub).mkdir(parents=True, exist_ok=True)
    write_conf(cfg)
    if _port_open(cfg.host, cfg.master_port) and status(cfg)["master"] is None:
        raise ClusterError(f"port {cfg.master_port} is taken by another process (set CSX_SPARK_MASTER_PORT)")
    _start(cfg, "master", MASTER_CLASS, [MASTER_CLASS, "--host", cfg.host, "--port", str(cfg.master_port),
                                         "--webui-port", "0"])  # fmt: skip
    _wait("Spark master", lambda: _port_open(cfg.host, cfg.master_port), cfg, "master", timeout)
    for i in range(1, WORKERS + 1):
        role = f"worker-{i}"
        _start(cfg, role, WORKER_CLASS, [
            WORKER_CLASS, cfg.master_url, "--host", cfg.host, "--cores", "1", "--memory", cfg.worker_memory,
            "--webui-port", "0", "--work-dir", str(cfg.directory / "work" / role),
        ])  # fmt: skip
    _wait("Spark workers", lambda: _registered_workers(cfg) >= WORKERS, cfg, "worker-1", timeout)
    if _port_open(cfg.host, cfg.thrift_port) and status(cfg)["thrift"] is None:
        raise ClusterError(f"port {cfg.thrift_port} is taken by another process (set CSX_SPARK_PORT)")
    _start(cfg, "thrift", THRIFT_CLASS, [
        "org.apache.spark.deploy.SparkSubmit", "--class", THRIFT_CLASS, "--name", "csx-thrift",
        "--master", cfg.master_url, "--driver-memory", cfg.driver_memory,
        "--properties-file", str(cfg.directory / "conf" / "spark-defaults.conf"),
        "spark-internal",
        "--hiveconf", f"hive.server2.thrift.port={cfg.thrift_port}",
        "--hiveconf", f"hive.server2.thrift.bind.host={cfg.host}",
    ])  # fmt: skip
    _wait("Spark Thrift server", lambda: _port_open(cfg.host, cfg.thrift_port), cfg, "thrift", timeout)


ROLES = ("thrift", *(f"worker-{i}" for i in range(WORKERS, 0, -1)), "master")
NEEDLES = {"thrift": THRIFT_CLASS, "master": MASTER_CLASS} | {
    f"worker-{i}": WORKER_CLASS for i in range(1, WORKERS + 1)
}


def down(cfg: ClusterConfig, timeout: float = 30.0) -> list[str]:
    """Stop the processes recorded in the pid files (Thrift server first), SIGTERM then SIGKILL."""
    stopped = []
    for role in ROLES:
        pid_file = cfg.pid_file(role)
        pid = _read_pid(pid_file)
        if pid is not None and _running(pid, NEEDLES[role]):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while _running(pid, NEEDLES[role]) and time.monotonic() < deadline:
                time.sleep(0.2)
            if _running(pid, NEEDLES[role]):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            stopped.append(f"{role} ({pid})")
        pid_file.unlink(missing_ok=True)
    return stopped


def status(cfg: ClusterConfig) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for role in ROLES:
        pid = _read_pid(cfg.pid_file(role))
        out[role] = pid if pid is not None and _running(pid, NEEDLES[role]) else None
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    command = args[0] if args else "status"
    cfg = ClusterConfig.from_env()
    try:
        if command == "up":
            started = time.monotonic()
            up(cfg)
            print(f"spark: master {cfg.master_url}, {WORKERS} workers, Thrift server "
                  f"{cfg.host}:{cfg.thrift_port} ready in {time.monotonic() - started:.0f} s "
                  f"(catalog and warehouse in {cfg.directory})")  # fmt: skip
        elif command == "down":
            stopped = down(cfg)
            print("spark: stopped " + (", ".join(stopped) if stopped else "nothing (not running)"))
        elif command == "status":
            for role, pid in status(cfg).items():
                print(f"{role}: {'running, pid ' + str(pid) if pid else 'stopped'}")
        else:
            print(f"usage: python -m csx.spark.cluster up|down|status (not {command!r})", file=sys.stderr)
            return 2
    except ClusterError as exc:
        print(f"spark: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
