"""schema.org data about people, for JSON-LD."""

from newsroom.images import jpeg_renditions

WIKIDATA_URL = "https://www.wikidata.org/wiki/{}"


def person_reference(person, request):
    """A person as a piece names them: who they are and where to read more."""
    data = {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    if person.wikidata_id:
        data["sameAs"] = [WIKIDATA_URL.format(person.wikidata_id)]
    return data


def person_profile(person, request):
    """The JSON-LD of a person page."""
    data = {"@context": "https://schema.org", **person_reference(person, request)}
    if person.description:
        data["description"] = person.description
    if renditions := jpeg_renditions(person.portrait):
        data["image"] = request.build_absolute_uri(renditions[-1].url)
    return data
