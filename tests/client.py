"""Requests through Datasette's own test client, the way users reach the plugin: each asserts its status."""


async def get(ds, path, status=200):
    response = await ds.client.get(path)
    assert response.status_code == status, response.text
    return response


async def get_json(ds, path, status=200):
    return (await get(ds, path, status)).json()


async def get_html(ds, path, status=200):
    return (await get(ds, path, status)).text
