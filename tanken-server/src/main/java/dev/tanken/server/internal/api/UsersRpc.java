package dev.tanken.server.internal.api;

import dev.tanken.NotFoundException;
import dev.tanken.Tanken;
import dev.tanken.api.v1.GetMeRequest;
import dev.tanken.api.v1.GetMeResponse;
import dev.tanken.api.v1.GetUserInfoRequest;
import dev.tanken.api.v1.GetUserInfoResponse;
import dev.tanken.api.v1.UserInfo;
import dev.tanken.api.v1.Users;
import dev.tanken.model.User;
import dev.tanken.model.Validation;
import dev.tanken.server.internal.connect.RpcRegistry;

/** {@code tanken.v1.UserService}: public profiles, and the caller's own. */
public final class UsersRpc {
    private final Tanken tanken;

    public UsersRpc(Tanken tanken) {
        this.tanken = tanken;
    }

    public void register(RpcRegistry r) {
        var s = Users.getDescriptor().findServiceByName("UserService");
        r.add(s, "GetUserInfo", GetUserInfoRequest.getDefaultInstance(), (c, q) -> {
            String name = Validation.username(q.getUsername());
            User u = tanken.database().findUserByName(name)
                    .orElseThrow(() -> new NotFoundException("no user named '" + name + "'"));
            return GetUserInfoResponse.newBuilder().setUser(info(u, false)).build();
        });
        // The user exists after sign-in; a dev-mode name becomes a user here if it is not one yet.
        r.add(s, "GetMe", GetMeRequest.getDefaultInstance(), (c, q) -> GetMeResponse.newBuilder()
                .setUser(info(tanken.user(c.requireUser()), true)).build());
    }

    static UserInfo info(User u, boolean own) {
        UserInfo.Builder b = UserInfo.newBuilder()
                .setUserId(u.id().toString())
                .setUsername(u.username())
                .setCreatedAt(Protos.timestamp(u.createdAt()));
        if (u.bio() != null) {
            b.setBio(u.bio());
        }
        if (u.profilePictureLink() != null) {
            b.setProfilePictureLink(u.profilePictureLink());
        }
        if (own) {
            if (u.oauthProvider() != null) {
                b.setOauthProvider(u.oauthProvider());
            }
            if (u.email() != null) {
                b.setEmail(u.email());
            }
        }
        return b.build();
    }
}
