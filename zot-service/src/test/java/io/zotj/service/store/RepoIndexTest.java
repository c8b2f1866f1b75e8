package io.zotj.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index is written from the JSON each descriptor keeps; what it writes must be the file the
 * changes describe, and other fields of a stored file must stay.
 */
class RepoIndexTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Descriptor manifest(int n) {
    return new Descriptor(MediaTypes.OCI_MANIFEST,
        Digest.sha256(("manifest " + n).getBytes(StandardCharsets.UTF_8)), 100 + n);
  }

  private static JsonNode tree(RepoIndex index) throws Exception {
    return JSON.readTree(index.toBytes());
  }

  @Test
  void anEmptyIndexIsAnOciIndexWithNoManifests() throws Exception {
    assertThat(tree(RepoIndex.EMPTY)).isEqualTo(JSON.readTree(
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}"));
  }

  @Test
  void writesTagsAndUntaggedManifestsInOrder() throws Exception {
    RepoIndex index = RepoIndex.EMPTY
        .withTag(manifest(1), new Tag("v1"))
        .withManifest(manifest(2))
        .withTag(manifest(3), new Tag("v3"));

    JsonNode manifests = tree(index).get("manifests");
    assertThat(manifests).hasSize(3);
    assertThat(manifests.get(0).get("digest").asText()).isEqualTo(manifest(1).digest().toString());
    assertThat(manifests.get(0).get("annotations").get(RepoIndex.REF_NAME).asText())
        .isEqualTo("v1");
    assertThat(manifests.get(1).has("annotations")).isFalse();
    assertThat(manifests.get(1).get("size").asLong()).isEqualTo(102);
    assertThat(manifests.get(2).get("annotations").get(RepoIndex.REF_NAME).asText())
        .isEqualTo("v3");
    assertThat(index.tags()).containsExactly("v1", "v3");
    assertThat(index.byDigest(manifest(2).digest())).isPresent();
  }

  @Test
  void aMovedTagLeavesItsOldManifestByDigest() throws Exception {
    RepoIndex index = RepoIndex.EMPTY.withTag(manifest(1), new Tag("latest"))
        .withTag(manifest(2), new Tag("latest"));

    assertThat(index.byTag("latest").orElseThrow().descriptor().digest())
        .isEqualTo(manifest(2).digest());
    RepoIndex.Entry old = index.byDigest(manifest(1).digest()).orElseThrow();
    assertThat(old.tag()).isNull();
    JsonNode manifests = tree(index).get("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(0).get("digest").asText()).isEqualTo(manifest(1).digest().toString());
    assertThat(manifests.get(0).has("annotations")).isFalse();
  }

  @Test
  void taggingAnUntaggedManifestReplacesItsUntaggedEntry() throws Exception {
    RepoIndex index = RepoIndex.EMPTY.withManifest(manifest(1))
        .withTag(manifest(1), new Tag("v1"));

    assertThat(tree(index).get("manifests")).hasSize(1);
    assertThat(index.byDigest(manifest(1).digest()).orElseThrow().tag()).isEqualTo("v1");
  }

  @Test
  void anEarlierIndexIsNotChangedByLaterChanges() throws Exception {
    RepoIndex first = RepoIndex.EMPTY.withTag(manifest(1), new Tag("v1"));
    byte[] before = first.toBytes();

    first.withTag(manifest(2), new Tag("v2")).withManifest(manifest(3)).withoutTag("v1");

    assertThat(first.toBytes()).isEqualTo(before);
    assertThat(first.tags()).containsExactly("v1");
    assertThat(first.byDigest(manifest(2).digest())).isEmpty();
  }

  @Test
  void keepsOtherFieldsOfAStoredFileAndRoundTrips() throws Exception {
    String stored = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifest(1).digest() + "\",\"size\":101,"
        + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"},\"annotations\":{\""
        + RepoIndex.REF_NAME + "\":\"v1\",\"other\":\"x\"}}],\"annotations\":{\"kept\":\"yes\"}}";

    RepoIndex read = RepoIndex.parse("test", stored.getBytes(StandardCharsets.UTF_8));
    assertThat(tree(read)).isEqualTo(JSON.readTree(stored));

    RepoIndex changed = read.withTag(manifest(2), new Tag("v2"));
    JsonNode written = tree(changed);
    assertThat(written.get("annotations").get("kept").asText()).isEqualTo("yes");
    assertThat(written.get("manifests").get(0)).isEqualTo(JSON.readTree(stored).get("manifests")
        .get(0));
    assertThat(RepoIndex.parse("again", changed.toBytes()).tags()).containsExactly("v1", "v2");
  }

  @Test
  void aStoredFileWithNoOtherFieldsIsWrittenAsValidJson() throws Exception {
    RepoIndex read = RepoIndex.parse("test", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(tree(read.withManifest(manifest(1))).get("manifests")).hasSize(1);
    assertThat(tree(read)).isEqualTo(JSON.readTree("{\"manifests\":[]}"));
  }

  @Test
  void findsEveryTagAndDigestOfManyPushesAndEarlierIndexesKeepTheirOwn() throws Exception {
    List<RepoIndex> versions = new java.util.ArrayList<>();
    RepoIndex index = RepoIndex.EMPTY;
    for (int i = 0; i < 300; i++) {
      index = i % 7 == 3 ? index.withManifest(manifest(i)) : index.withTag(manifest(i),
          new Tag("t" + i));
      versions.add(index);
    }
    index = index.withTag(manifest(3), new Tag("t3")).withTag(manifest(10), new Tag("moved"));

    for (int i = 0; i < 300; i++) {
      assertThat(index.byDigest(manifest(i).digest())).as("digest %d", i).isPresent();
      if (i % 7 != 3 || i == 3) {
        assertThat(index.byTag("t" + i).orElseThrow().descriptor().digest())
            .isEqualTo(manifest(i).digest());
      }
    }
    assertThat(index.byTag("moved").orElseThrow().descriptor().digest())
        .isEqualTo(manifest(10).digest());
    assertThat(index.tags()).hasSize(300 - 43 + 1 + 1);
    RepoIndex early = versions.get(40);
    assertThat(early.byTag("t40")).isPresent();
    assertThat(early.byTag("t41")).isEmpty();
    assertThat(early.byDigest(manifest(41).digest())).isEmpty();
    assertThat(RepoIndex.parse("again", index.toBytes()).tags()).isEqualTo(index.tags());
  }

  @Test
  void removingManifestsDropsTheirTags() throws Exception {
    RepoIndex index = RepoIndex.EMPTY.withTag(manifest(1), new Tag("a"))
        .withTag(manifest(1), new Tag("b")).withTag(manifest(2), new Tag("c"));

    RepoIndex after = index.withoutManifest(manifest(1).digest());

    assertThat(after.tags()).containsExactly("c");
    assertThat(after.byDigest(manifest(1).digest())).isEmpty();
    assertThat(tree(after).get("manifests")).hasSize(1);
    assertThat(index.withoutManifests(java.util.Set.of(manifest(1).digest(),
        manifest(2).digest())).entries()).isEqualTo(List.of());
  }
}
