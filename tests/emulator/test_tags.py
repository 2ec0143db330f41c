"""Tags: given at create, or through TagResource and UntagResource; their limits."""

from __future__ import annotations

from tests.emulator.conftest import MGMT, create, tags_of


def test_tags_given_at_create_are_listed(api):
    proton = api.client()
    made = create(proton, tags=[{"key": "team", "value": "platform"}, {"key": "cost", "value": ""}])
    assert tags_of(proton, made["arn"]) == {"team": "platform", "cost": ""}
    # the management account reads them too
    assert tags_of(api.client(account=MGMT), made["arn"]) == {"team": "platform", "cost": ""}


def test_tag_adds_and_overwrites_untag_removes(api):
    proton = api.client()
    arn = create(proton, tags=[{"key": "team", "value": "a"}])["arn"]
    proton.tag_resource(
        resourceArn=arn, tags=[{"key": "team", "value": "b"}, {"key": "tier", "value": "1"}]
    )
    assert tags_of(proton, arn) == {"team": "b", "tier": "1"}
    proton.untag_resource(resourceArn=arn, tagKeys=["team", "absent"])
    assert tags_of(proton, arn) == {"tier": "1"}
    proton.untag_resource(resourceArn=arn, tagKeys=[])
    assert tags_of(proton, arn) == {"tier": "1"}


def test_the_limits_are_inclusive(api):
    proton = api.client()
    tags = [{"key": f"{i:03}" + "k" * 125, "value": "v" * 256} for i in range(50)]
    arn = create(proton, tags=tags)["arn"]
    listed = tags_of(proton, arn)
    assert len(listed) == 50
    assert {len(k) for k in listed} == {128} and {len(v) for v in listed.values()} == {256}
    # 50 again, by overwriting
    proton.tag_resource(resourceArn=arn, tags=[{"key": tags[0]["key"], "value": ""}])
    assert len(tags_of(proton, arn)) == 50


def test_list_tags_paginates(api):
    proton = api.client()
    arn = create(proton, tags=[{"key": f"k{i:02}", "value": str(i)} for i in range(30)])["arn"]
    first = proton.list_tags_for_resource(resourceArn=arn, maxResults=20)
    rest = proton.list_tags_for_resource(
        resourceArn=arn, maxResults=20, nextToken=first["nextToken"]
    )
    assert len(first["tags"]) == 20 and len(rest["tags"]) == 10 and "nextToken" not in rest
    assert {t["key"] for t in first["tags"] + rest["tags"]} == {f"k{i:02}" for i in range(30)}
