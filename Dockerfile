# Keel on a Java 17 JRE. Build the jar first: mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
WORKDIR /opt/keel
# DejaVu comes inside keel.jar (jasperreports-fonts); Chinese/Japanese, Korean and symbols have no Maven
# artifact, so the image installs them (README, Export: Fonts)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-droid-fallback fonts-nanum fonts-symbola \
 && rm -rf /var/lib/apt/lists/*
COPY target/keel.jar /opt/keel/keel.jar
COPY routes /opt/keel/routes
# the prompt bank and the output templates the content pipeline reads (docker-compose mounts the working copies)
COPY prompts /opt/keel/prompts
COPY templates /opt/keel/templates
RUN mkdir -p inbox outbox archive ops data && useradd --system --home /opt/keel keel && chown -R keel /opt/keel
USER keel
ENV KEEL_MANAGEMENT_HOST=0.0.0.0 KEEL_HTTP_HOST=0.0.0.0
EXPOSE 8080 9876
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD java -cp /opt/keel/keel.jar dev.keel.Keel status >/dev/null || exit 1
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xss512k", "-XX:InlineSmallCode=1000", "-XX:MaxRAMPercentage=50", "-jar", "/opt/keel/keel.jar"]
CMD ["run"]
