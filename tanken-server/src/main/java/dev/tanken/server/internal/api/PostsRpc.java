package dev.tanken.server.internal.api;

import dev.tanken.Tanken;
import dev.tanken.UploadOptions;
import dev.tanken.UploadResult;
import dev.tanken.api.v1.*;
import dev.tanken.db.NearbyPost;
import dev.tanken.model.LocationPrecision;
import dev.tanken.model.Page;
import dev.tanken.geocode.PostPlace;
import dev.tanken.model.PostId;
import dev.tanken.server.internal.connect.Caller;
import dev.tanken.server.internal.connect.Code;
import dev.tanken.server.internal.connect.ConnectError;
import dev.tanken.server.internal.connect.RpcRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code tanken.v1.PostsService} on the library. */
public final class PostsRpc {
    static final int MAX_IDS = 100;
    /** Searches wider than this are rejected: a nearby page is for a place, not a continent. */
    static final double MAX_RADIUS_METERS = 100_000;

    private final Tanken tanken;
    private final Viewers viewers;

    public PostsRpc(Tanken tanken, Viewers viewers) {
        this.tanken = tanken;
        this.viewers = viewers;
    }

    public void register(RpcRegistry r) {
        var s = Posts.getDescriptor().findServiceByName("PostsService");
        r.add(s, "GetNewPostId", GetNewPostIdRequest.getDefaultInstance(), this::newPostId);
        r.add(s, "GetPostsByLocation", GetPostsByLocationRequest.getDefaultInstance(), this::byLocation,
                a -> PostsJson.page(a.getPostsList(), a.getNextPageToken()));
        r.add(s, "GetPostsByPostIds", GetPostsByPostIdsRequest.getDefaultInstance(), this::byIds,
                a -> PostsJson.page(a.getPostsList(), ""));
        r.add(s, "GetPostsByUser", GetPostsByUserRequest.getDefaultInstance(), this::byUser,
                a -> PostsJson.page(a.getPostsList(), a.getNextPageToken()));
        r.add(s, "UploadNewPost", UploadNewPostRequest.getDefaultInstance(), this::upload);
        r.add(s, "AddLike", AddLikeRequest.getDefaultInstance(), (c, q) -> AddLikeResponse.newBuilder()
                .setChanged(tanken.like(c.requireUser(), Protos.postId(q.getPostId()))).build());
        r.add(s, "RemoveLike", RemoveLikeRequest.getDefaultInstance(), (c, q) -> RemoveLikeResponse.newBuilder()
                .setChanged(tanken.unlike(c.requireUser(), Protos.postId(q.getPostId()))).build());
        r.add(s, "AddBookmark", AddBookmarkRequest.getDefaultInstance(), (c, q) -> AddBookmarkResponse.newBuilder()
                .setChanged(tanken.bookmark(c.requireUser(), Protos.postId(q.getPostId()))).build());
        r.add(s, "RemoveBookmark", RemoveBookmarkRequest.getDefaultInstance(), (c, q) -> RemoveBookmarkResponse
                .newBuilder().setChanged(tanken.unbookmark(c.requireUser(), Protos.postId(q.getPostId()))).build());
        r.add(s, "AddComment", AddCommentRequest.getDefaultInstance(), (c, q) -> AddCommentResponse.newBuilder()
                .setComment(Protos.comment(tanken.comment(c.requireUser(), Protos.postId(q.getPostId()),
                        q.getText()))).build());
        r.add(s, "RemoveComment", RemoveCommentRequest.getDefaultInstance(), (c, q) -> RemoveCommentResponse
                .newBuilder().setComment(Protos.comment(tanken.deleteComment(c.requireUser(),
                        Protos.commentId(q.getCommentId())))).build());
        r.add(s, "GetComments", GetCommentsRequest.getDefaultInstance(), this::comments);
        r.add(s, "SetTags", SetTagsRequest.getDefaultInstance(), (c, q) -> SetTagsResponse.newBuilder()
                .setPost(view(tanken.setTags(c.requireUser(), Protos.postId(q.getPostId()), q.getTagsList()), c))
                .build());
        r.add(s, "SetPlaceName", SetPlaceNameRequest.getDefaultInstance(), this::setPlaceName);
        r.add(s, "SetCaption", SetCaptionRequest.getDefaultInstance(), (c, q) -> SetCaptionResponse.newBuilder()
                .setPost(view(tanken.setCaption(c.requireUser(), Protos.postId(q.getPostId()), q.getContent()), c))
                .build());
        r.add(s, "SetPrecision", SetPrecisionRequest.getDefaultInstance(), this::setPrecision);
        r.add(s, "DeletePost", DeletePostRequest.getDefaultInstance(), (c, q) -> DeletePostResponse.newBuilder()
                .setPost(view(tanken.delete(c.requireUser(), Protos.postId(q.getPostId())), c)).build());
        r.add(s, "GetBookmarks", GetBookmarksRequest.getDefaultInstance(), this::bookmarks,
                a -> PostsJson.page(a.getPostsList(), a.getNextPageToken()));
    }

    private SetPlaceNameResponse setPlaceName(Caller caller, SetPlaceNameRequest q) {
        String user = caller.requireUser();
        PostId id = Protos.postId(q.getPostId());
        tanken.setPlaceName(user, id, q.getPlaceName());
        dev.tanken.model.Post post = tanken.post(id, viewers.id(caller))
                .orElseThrow(() -> new ConnectError(Code.NOT_FOUND, "post " + id + " does not exist"));
        return SetPlaceNameResponse.newBuilder().setPost(view(post, caller)).build();
    }

    private SetPrecisionResponse setPrecision(Caller caller, SetPrecisionRequest q) {
        String user = caller.requireUser();
        PostId id = Protos.postId(q.getPostId());
        LocationPrecision precision = Protos.precision(q.getPrecision());
        if (precision == null) {
            // Unlike at upload there is no default to fall back on: the caller must say which.
            throw ConnectError.invalidArgument("precision must be LOCATION_PRECISION_EXACT, "
                    + "LOCATION_PRECISION_APPROXIMATE or LOCATION_PRECISION_HIDDEN");
        }
        dev.tanken.model.Post post = tanken.setPostPrecision(user, id, precision);
        return SetPrecisionResponse.newBuilder().setPost(view(post, caller)).build();
    }

    private GetNewPostIdResponse newPostId(Caller caller, GetNewPostIdRequest request) {
        return GetNewPostIdResponse.newBuilder().setPostId(PostId.newId().toString()).build();
    }

    private GetPostsByLocationResponse byLocation(Caller caller, GetPostsByLocationRequest q) {
        var center = Protos.requireLocation(q.getLocation(), q.hasLocation(), "location");
        double radius = q.getRadiusMeters();
        if (!(radius > 0 && radius <= MAX_RADIUS_METERS)) {
            throw ConnectError.invalidArgument("radiusMeters must be more than 0 and at most " + (long) MAX_RADIUS_METERS
                    + ", got " + radius);
        }
        Page<NearbyPost> page = tanken.nearby(center, radius, Protos.limit(q.getLimit(), Protos.DEFAULT_PAGE),
                Protos.cursor(q.getPageToken()), viewers.id(caller));
        Map<PostId, PostPlace> places = tanken.places(page.items().stream().map(NearbyPost::post).toList());
        var b = GetPostsByLocationResponse.newBuilder().setNextPageToken(Protos.token(page.nextCursor()));
        for (NearbyPost n : page.items()) {
            b.addPosts(Protos.post(n.post(), places.get(n.post().id()), n.distanceMeters()));
        }
        return b.build();
    }

    private GetPostsByPostIdsResponse byIds(Caller caller, GetPostsByPostIdsRequest q) {
        if (q.getPostIdsCount() > MAX_IDS) {
            throw ConnectError.invalidArgument("at most " + MAX_IDS + " post ids per call, got "
                    + q.getPostIdsCount());
        }
        var viewer = viewers.id(caller);
        List<dev.tanken.model.Post> found = new ArrayList<>();
        for (String text : q.getPostIdsList()) {
            tanken.post(Protos.postId(text), viewer).ifPresent(found::add);
        }
        return GetPostsByPostIdsResponse.newBuilder().addAllPosts(views(found)).build();
    }

    private GetPostsByUserResponse byUser(Caller caller, GetPostsByUserRequest q) {
        String username = username(q.getUsername(), caller);
        String listing = "posts-by-user/" + username;
        Page<dev.tanken.model.Post> page = tanken.posts(username, Protos.limit(q.getLimit(), Protos.DEFAULT_PAGE),
                PageTokens.unbind(listing, q.getPageToken()), viewers.id(caller));
        return GetPostsByUserResponse.newBuilder().addAllPosts(views(page.items()))
                .setNextPageToken(PageTokens.bind(listing, page.nextCursor())).build();
    }

    private GetBookmarksResponse bookmarks(Caller caller, GetBookmarksRequest q) {
        // What someone saved for later is theirs: no caller reads another's list.
        String whose = caller.requireUser();
        if (!q.getUsername().isEmpty() && !q.getUsername().equals(whose)) {
            throw new ConnectError(Code.PERMISSION_DENIED, "bookmarks are private to the user who made them");
        }
        String listing = "bookmarks/" + whose;
        Page<dev.tanken.model.Post> page = tanken.bookmarks(whose, Protos.limit(q.getLimit(), Protos.DEFAULT_PAGE),
                PageTokens.unbind(listing, q.getPageToken()), viewers.id(caller));
        return GetBookmarksResponse.newBuilder().addAllPosts(views(page.items()))
                .setNextPageToken(PageTokens.bind(listing, page.nextCursor())).build();
    }

    private GetCommentsResponse comments(Caller caller, GetCommentsRequest q) {
        PostId post = Protos.postId(q.getPostId());
        String listing = "comments/" + post;
        var page = tanken.comments(post, Protos.limit(q.getLimit(), Protos.DEFAULT_PAGE),
                PageTokens.unbind(listing, q.getPageToken()));
        var b = GetCommentsResponse.newBuilder().setNextPageToken(PageTokens.bind(listing, page.nextCursor()));
        page.items().forEach(c -> b.addComments(Protos.comment(c)));
        return b.build();
    }

    private UploadNewPostResponse upload(Caller caller, UploadNewPostRequest q) {
        String user = caller.requireUser();
        if (q.getPicture().isEmpty()) {
            throw ConnectError.invalidArgument("picture is required: the photo file's bytes");
        }
        UploadOptions options = new UploadOptions(user, q.getContent(), q.getTagsList(),
                q.hasLocation() ? Protos.geoPoint(q.getLocation()) : null, Protos.precision(q.getPrecision()));
        byte[] bytes = q.getPicture().toByteArray();
        UploadResult result = q.getPostId().isEmpty() ? tanken.upload(bytes, options)
                : tanken.upload(bytes, options, newPostId(q.getPostId()));
        // The author's own view: exact location and all.
        return UploadNewPostResponse.newBuilder().setPost(view(result.post(), caller)).build();
    }

    /** A caller-chosen id must be one GetNewPostId could have made: a time-ordered UUIDv7. */
    private static PostId newPostId(String text) {
        PostId id = Protos.postId(text);
        if (id.value().version() != 7) {
            throw ConnectError.invalidArgument("postId must come from GetNewPostId (a UUIDv7)");
        }
        return id;
    }

    private String username(String requested, Caller caller) {
        if (!requested.isEmpty()) {
            return requested;
        }
        if (caller.isAnonymous()) {
            throw ConnectError.invalidArgument("username is required for anonymous callers");
        }
        return caller.username();
    }

    private dev.tanken.api.v1.Post view(dev.tanken.model.Post post, Caller caller) {
        dev.tanken.model.Post seen = post.seenBy(viewers.id(caller));
        return views(List.of(seen)).get(0);
    }

    private List<dev.tanken.api.v1.Post> views(List<dev.tanken.model.Post> posts) {
        Map<PostId, PostPlace> places = tanken.places(posts);
        List<dev.tanken.api.v1.Post> out = new ArrayList<>(posts.size());
        for (var p : posts) {
            out.add(Protos.post(p, places.get(p.id()), null));
        }
        return out;
    }
}
