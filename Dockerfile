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
FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --home-dir /var/lib/plutro --shell /usr/sbin/nologin plutro
COPY --from=build /src/server/target/plutro.jar /opt/plutro/plutro.jar
USER plutro
WORKDIR /var/lib/plutro
ENV PLUTRO_HTTP_HOST=0.0.0.0 \
    PLUTRO_HTTP_PORT=8080 \
    PLUTRO_DATA_DIR=/var/lib/plutro/data
VOLUME ["/var/lib/plutro/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-jar", "/opt/plutro/plutro.jar"]
