# Build: the whole project with Maven, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY federation/pom.xml federation/
COPY server/pom.xml server/
COPY migrations migrations
COPY config config
COPY federation/src federation/src
COPY server/src server/src
RUN mvn -B -q package -DskipTests

# Run: a slim JRE as a non-root user (PostgreSQL refuses to run as root), data in a volume.
# tini is PID 1: it reaps the embedded PostgreSQL's processes and passes SIGTERM on; curl serves
# the health check.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/plutro --shell /usr/sbin/nologin plutro \
    && mkdir -p /var/lib/plutro/data \
    && chown plutro:plutro /var/lib/plutro/data \
    && chmod 0700 /var/lib/plutro/data
COPY --from=build /src/server/target/plutro.jar /opt/plutro/plutro.jar
USER plutro
WORKDIR /var/lib/plutro
ENV PLUTRO_HTTP_HOST=0.0.0.0 \
    PLUTRO_HTTP_PORT=8080 \
    PLUTRO_DATA_DIR=/var/lib/plutro/data
# Created and owned above: a new volume takes this folder's owner, so the server can write it.
VOLUME ["/var/lib/plutro/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PLUTRO_HTTP_PORT}/readyz" || exit 1
# The JVM as the README's run command sizes it for a small host (see "Memory and start-up"); the
# heap's limit is in JDK_JAVA_OPTIONS so that -e JDK_JAVA_OPTIONS=-Xmx1g gives a big instance more.
# The class-data archive is written to the volume by the first start of each image. Two malloc
# arenas and a trim every 5 s: the C library gives back what the JVM freed instead of holding it.
ENV JDK_JAVA_OPTIONS=-Xmx256m \
    MALLOC_ARENA_MAX=2
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-XX:+UseSerialGC", "-Xms32m", "-XX:TrimNativeHeapInterval=5000", "-XX:SharedArchiveFile=/var/lib/plutro/data/plutro.jsa", "-jar", "/opt/plutro/plutro.jar"]
