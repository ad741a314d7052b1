# One image per service: docker build --build-arg SERVICE=gateway-edge -t gateway-edge .
# SERVICE is one of auth-service, session-service, ws-hub, gateway-edge.
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY common common
COPY auth-service auth-service
COPY session-service session-service
COPY ws-hub ws-hub
COPY gateway-edge gateway-edge
COPY bench bench
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:21-jre
ARG SERVICE
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar /app/service.jar
COPY --from=build /src/${SERVICE}/target/libs /app/libs
USER 10001
# SIGTERM reaches the JVM directly, so services stop (and hubs drain) cleanly.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
