# Not in the blog post (it only names the file): the course's usual Config class.
# The secret comes from the environment here instead of the source.
import os

class Config :
    JWT_SECRET_KEY = os.environ.get('JWT_SECRET_KEY', 'yh@1234!!~')
    JWT_ACCESS_TOKEN_EXPIRES = False
    PROPAGATE_EXCEPTIONS = True
