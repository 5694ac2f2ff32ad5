# Sourced by ./mvnw: the hub and recognition modules need JDK 25 (edge and shared are compiled
# with --release 17 by the same JDK), so Maven itself must run on 25. Keep a JAVA_HOME that is
# already 25 or newer; otherwise look in the usual install folders; otherwise say what to do.
# Maven's own JVM flag for JDK 24+ (quiet sun.misc.Unsafe warnings of Maven's libraries) is set
# here rather than in .mvn/jvm.config: a plain `mvn` on JDK 17 would die on it with "Unrecognized
# option" before the enforcer could explain that JDK 25 is needed.
buddybork_maven_opts() {
  case " ${MAVEN_OPTS-} " in
    *" --sun-misc-unsafe-memory-access="*) ;;
    *) MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}"; export MAVEN_OPTS ;;
  esac
}
buddybork_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
buddybork_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(buddybork_java_major "$JAVA_HOME")
    [ "${major:-0}" -ge 25 ] && buddybork_maven_opts && return 0
  fi
  set +f  # mvnw runs with globbing off; the search below needs it
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(buddybork_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      set -f
      buddybork_maven_opts
      return 0
    fi
  done
  set -f
  echo "Buddybork needs JDK 25 or newer to build (hub-server and recognition target Java 25)." >&2
  echo "No JDK 25 found in JAVA_HOME, /usr/lib/jvm, /opt/java or SDKMAN." >&2
  echo "Install one (Debian/Ubuntu: Temurin 25 from adoptium.net, or 'sdk install java 25-tem')" >&2
  echo "and/or set JAVA_HOME to it." >&2
  exit 1
}
buddybork_select_jdk
