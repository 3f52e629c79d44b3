/**
 * Other applications' activity entries from a Kafka topic into the activity log: {@link
 * dev.tanken.kafka.KafkaIngestWorker} reads the topic in a consumer group and sends every poll through
 * the ingest batch path ({@link dev.tanken.activity.ActivityIngest}), committing offsets only after
 * the batch's transaction committed.
 */
package dev.tanken.kafka;
