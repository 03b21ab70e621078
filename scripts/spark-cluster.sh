#!/usr/bin/env bash
# Start or stop a Spark standalone cluster on this machine — one master, one worker — from the
# pyspark installed in the project's environment (no separate Spark download), for trying
# `--engine spark` against a real master. See docs/spark.md.
#
#   scripts/spark-cluster.sh start   # master spark://127.0.0.1:7077, web UI http://127.0.0.1:8080
#   scripts/spark-cluster.sh stop
#   scripts/spark-cluster.sh status
#
# SPARK_CLUSTER_DIR (default .spark-cluster) holds the logs and process ids; WORKER_CORES and
# WORKER_MEMORY (default 2 and 2g) size the worker; MASTER_PORT / MASTER_UI_PORT move the ports.
set -euo pipefail

PY=${PY:-.venv/bin/python}
DIR=${SPARK_CLUSTER_DIR:-.spark-cluster}
HOST=127.0.0.1
PORT=${MASTER_PORT:-7077}
UI=${MASTER_UI_PORT:-8080}
SPARK_HOME=$("$PY" -c 'import importlib.util, pathlib; print(pathlib.Path(importlib.util.find_spec("pyspark").origin).parent)') \
  || { echo "未找到 pyspark：请先 pip install 'jiancha[spark]'" >&2; exit 1; }
export SPARK_HOME SPARK_LOCAL_IP=$HOST PYSPARK_PYTHON=${PYSPARK_PYTHON:-$(realpath "$PY")}

spawn() {  # name class args…
  local name=$1; shift
  nohup "$SPARK_HOME/bin/spark-class" "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

case ${1:-} in
  start)
    mkdir -p "$DIR/work"
    spawn master org.apache.spark.deploy.master.Master --host $HOST --port "$PORT" --webui-port "$UI"
    spawn worker org.apache.spark.deploy.worker.Worker "spark://$HOST:$PORT" --host $HOST \
      --cores "${WORKER_CORES:-2}" --memory "${WORKER_MEMORY:-2g}" --work-dir "$(realpath "$DIR")/work"
    for _ in $(seq 120); do
      if curl -fsS "http://$HOST:$UI/json/" 2>/dev/null | grep -q '"state" *: *"ALIVE"'; then
        echo "Spark 集群已启动：export JIANCHA_SPARK_MASTER=spark://$HOST:$PORT（界面 http://$HOST:$UI/）"
        exit 0
      fi
      sleep 1
    done
    echo "Spark 集群 120 秒内未就绪，见 $DIR/master.log 与 $DIR/worker.log" >&2
    exit 1 ;;
  stop)
    for name in worker master; do
      if [[ -f $DIR/$name.pid ]]; then
        kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
        rm -f "$DIR/$name.pid"
      fi
    done
    echo "Spark 集群已停止" ;;
  status)
    curl -fsS "http://$HOST:$UI/json/" || { echo "Spark 主节点 http://$HOST:$UI/ 未响应" >&2; exit 1; } ;;
  *)
    echo "用法：$0 start|stop|status" >&2
    exit 2 ;;
esac
