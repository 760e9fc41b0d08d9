from secaction.organizations.models import Membership


def test_is_owner_follows_the_role():
    assert Membership(role=Membership.Role.OWNER).is_owner is True
    assert Membership(role=Membership.Role.MEMBER).is_owner is False
    assert Membership().is_owner is False  # a new membership is a plain member by default
