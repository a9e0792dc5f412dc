#!/bin/bash
# Starts the Runtime Interface Emulator in its multi-concurrency mode (AWS_LAMBDA_MAX_CONCURRENCY > 1,
# as on Lambda Managed Instances). That mode ignores the command line and only runs a bootstrap found
# at /var/runtime/bootstrap, /var/task/bootstrap or /opt/bootstrap, with /var/task as working directory.
# Run inside `unshare --mount --propagation private`, so the layout below exists only for this process
# tree: /var gets a throwaway overlay, the function is bind-mounted at /var/task and the runtime client
# at /var/runtime/client, and /tmp is a fresh tmpfs.
#
# usage: managed-instances.sh RIE FUNCTION_DIR RUNTIME_CLIENT_DIR JAVA HANDLER INVOKE_PORT RUNTIME_API_PORT
set -euo pipefail
rie=$1 function_dir=$2 client_dir=$3 java=$4 handler=$5 invoke_port=$6 api_port=$7

scratch=$(mktemp -d)
mkdir -p "$scratch/upper" "$scratch/work"
mount -t overlay overlay -o "lowerdir=/var,upperdir=$scratch/upper,workdir=$scratch/work" /var
mkdir -p /var/task /var/runtime/client
# Bind mounts: the runtime's user needs no access to the folders above them.
mount --bind "$function_dir" /var/task
mount --bind "$client_dir" /var/runtime/client
# The emulator itself may live under /tmp (a clone there), which the tmpfs below hides.
cp "$rie" /var/runtime/aws-lambda-rie
# The runtime runs as an unprivileged user and unpacks its JNI library into /tmp.
mount -t tmpfs -o mode=1777 tmpfs /tmp

cat > /var/runtime/bootstrap <<BOOTSTRAP
#!/bin/sh
exec "$java" --enable-native-access=ALL-UNNAMED -cp "/var/runtime/client/*" com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$handler"
BOOTSTRAP
chmod 755 /var/runtime/bootstrap

exec /var/runtime/aws-lambda-rie --runtime-interface-emulator-address "127.0.0.1:$invoke_port" \
  --runtime-api-address "127.0.0.1:$api_port"
