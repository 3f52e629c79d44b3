package dev.tanken.cache.internal;

import dev.tanken.StorageException;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.PictureRef;
import dev.tanken.model.PictureSize;
import dev.tanken.model.PictureVariant;
import dev.tanken.model.Post;
import dev.tanken.model.PostId;
import dev.tanken.model.TakenAt;
import dev.tanken.model.UserRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Binary form (shared by the cache entries and the write-back stream) of a post's details (everything but the counters, which are cached apart because
 * they change far more often). Compact and exact: doubles keep every bit, times keep microseconds.
 * The first byte is a format version; a one-byte {@link #DELETED} value marks a pending delete.
 */
public final class PostCodec {
    private static final byte FORMAT = 2;
    public static final byte[] DELETED = {0};

    private PostCodec() {
    }

    public static boolean isDeleted(byte[] value) {
        return value != null && value.length == 1 && value[0] == 0;
    }

    public static byte[] encode(Post p) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            uuid(out, p.id().value());
            out.writeLong(p.createdAt().getEpochSecond());
            out.writeInt(p.createdAt().getNano());
            uuid(out, p.author().id());
            out.writeUTF(p.author().username());
            out.writeUTF(p.caption());
            PictureRef pic = p.picture();
            out.writeUTF(pic.blobKey());
            out.writeUTF(pic.mediaType());
            out.writeUTF(pic.sha256());
            out.writeInt(pic.width());
            out.writeInt(pic.height());
            out.writeBoolean(p.location() != null);
            if (p.location() != null) {
                out.writeDouble(p.location().latitude());
                out.writeDouble(p.location().longitude());
                out.writeBoolean(p.location().altitude() != null);
                if (p.location().altitude() != null) {
                    out.writeDouble(p.location().altitude());
                }
            }
            out.writeBoolean(p.takenAt() != null);
            if (p.takenAt() != null) {
                LocalDateTime local = p.takenAt().localDateTime();
                out.writeLong(local.toEpochSecond(ZoneOffset.UTC));
                out.writeInt(local.getNano());
                out.writeBoolean(p.takenAt().offset() != null);
                if (p.takenAt().offset() != null) {
                    out.writeInt(p.takenAt().offset().getTotalSeconds());
                }
            }
            out.writeShort(p.tags().size());
            for (String tag : p.tags()) {
                out.writeUTF(tag);
            }
            out.writeByte(p.locationPrecision().ordinal());
            out.writeByte(p.variants().size());
            for (PictureVariant v : p.variants()) {
                out.writeByte(v.size().ordinal());
                out.writeUTF(v.blobKey());
                out.writeUTF(v.mediaType());
                out.writeUTF(v.sha256());
                out.writeInt(v.width());
                out.writeInt(v.height());
            }
            out.writeBoolean(p.variantsNote() != null);
            if (p.variantsNote() != null) {
                out.writeUTF(p.variantsNote());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
    }

    /** Decodes details; the counters are zero and must be set from the cached counters. */
    public static Post decode(byte[] value) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new StorageException("cache holds a post in unknown format " + format
                        + " (written by another Tanken version?); flush the cache");
            }
            PostId id = new PostId(uuid(in));
            Instant created = Instant.ofEpochSecond(in.readLong(), in.readInt());
            UserRef author = new UserRef(uuid(in), in.readUTF());
            String caption = in.readUTF();
            PictureRef pic = new PictureRef(in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(), in.readInt());
            GeoPoint location = null;
            if (in.readBoolean()) {
                double lat = in.readDouble();
                double lon = in.readDouble();
                location = new GeoPoint(lat, lon, in.readBoolean() ? in.readDouble() : null);
            }
            TakenAt taken = null;
            if (in.readBoolean()) {
                LocalDateTime local = LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
                taken = new TakenAt(local, in.readBoolean() ? ZoneOffset.ofTotalSeconds(in.readInt()) : null);
            }
            int tagCount = in.readUnsignedShort();
            List<String> tags = new ArrayList<>(tagCount);
            for (int i = 0; i < tagCount; i++) {
                tags.add(in.readUTF());
            }
            LocationPrecision precision = LocationPrecision.values()[in.readUnsignedByte()];
            int variantCount = in.readUnsignedByte();
            List<PictureVariant> variants = new ArrayList<>(variantCount);
            for (int i = 0; i < variantCount; i++) {
                variants.add(new PictureVariant(PictureSize.values()[in.readUnsignedByte()], in.readUTF(), in.readUTF(),
                        in.readUTF(), in.readInt(), in.readInt()));
            }
            String note = in.readBoolean() ? in.readUTF() : null;
            return new Post(id, created, author, caption, pic, location, taken, 0, 0, 0, tags, precision, variants,
                    note);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StorageException s) {
                throw s;
            }
            throw new StorageException("cache holds a corrupt post entry: " + e.getMessage(), e);
        }
    }

    /** Counters as {@code likes:bookmarks:comments}. */
    public static String counters(Post p) {
        return p.likes() + ":" + p.bookmarks() + ":" + p.comments();
    }

    public static Post withCounters(Post details, String counters) {
        String[] parts = counters.split(":");
        if (parts.length != 3) {
            throw new StorageException("cache holds corrupt counters '" + counters + "' for post " + details.id());
        }
        try {
            return details.withCounts(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new StorageException("cache holds corrupt counters '" + counters + "' for post " + details.id(), e);
        }
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }
}
