package dev.serverlesskms.audit.kinesis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Creates test streams and reads back everything on them, the way a consumer would
 * (GetShardIterator from TRIM_HORIZON, then GetRecords until a shard has nothing more), so the
 * tests check what Kinesis stored rather than what the sink meant to send.
 *
 * <p>Reads go through {@link #jsonClient}, a client speaking the JSON protocol where the sink's
 * speaks CBOR (the SDK's default for Kinesis): kinesis-local 0.6.2 returns record data inside CBOR
 * as a base64 <em>text</em> string, and the SDK's CBOR parser fails on texts that long (a 1 MiB
 * record: {@code ArrayIndexOutOfBoundsException} in {@code CBORParser._finishLongTextAscii}). Real
 * Kinesis sends a byte string there, and the sink only ever parses PutRecord's small answer, so
 * production is not concerned; the check is also more independent for going through the other
 * protocol.
 */
final class StreamContents {
  private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(15);
  private static final String CBOR_ENABLED = "aws.cborEnabled";

  /** A record as stored: its shard, partition key, sequence number and data (decoded as UTF-8). */
  record Stored(String shardId, String partitionKey, String sequenceNumber, String data) {}

  private StreamContents() {}

  /**
   * A client for {@code endpoint} that speaks JSON rather than CBOR. The SDK reads {@code
   * aws.cborEnabled} once, when a client is built, so the property is set only around this build.
   */
  static synchronized KinesisClient jsonClient(URI endpoint) {
    String previous = System.getProperty(CBOR_ENABLED);
    System.setProperty(CBOR_ENABLED, "false");
    try {
      return KinesisClient.builder()
          .region(Region.US_EAST_1)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .endpointOverride(endpoint)
          .build();
    } finally {
      if (previous == null) {
        System.clearProperty(CBOR_ENABLED);
      } else {
        System.setProperty(CBOR_ENABLED, previous);
      }
    }
  }

  /** Creates {@code stream} with {@code shards} shards and waits until it is ACTIVE. */
  static void create(KinesisClient kinesis, String stream, int shards) throws InterruptedException {
    kinesis.createStream(r -> r.streamName(stream).shardCount(shards));
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    while (kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .streamDescriptionSummary()
            .streamStatus()
        != StreamStatus.ACTIVE) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("stream " + stream + " not ACTIVE after " + ACTIVE_TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  /** Every record on {@code stream}, shard by shard, each shard in sequence order. */
  static List<Stored> readAll(KinesisClient kinesis, String stream) {
    List<Stored> all = new ArrayList<>();
    for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
      all.addAll(readShard(kinesis, stream, shard.shardId()));
    }
    return all;
  }

  private static List<Stored> readShard(KinesisClient kinesis, String stream, String shardId) {
    List<Stored> records = new ArrayList<>();
    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(stream)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse batch = kinesis.getRecords(r -> r.shardIterator(current).limit(1000));
      for (Record record : batch.records()) {
        records.add(
            new Stored(
                shardId,
                record.partitionKey(),
                record.sequenceNumber(),
                new String(record.data().asByteArray(), StandardCharsets.UTF_8)));
      }
      iterator = batch.records().isEmpty() ? null : batch.nextShardIterator();
    }
    return records;
  }
}
