import os

import mysql.connector

# The blog's placeholders ('본인의 host', 'recipe_db', 'recipe_user', '패스워드') are read from
# the environment here; nothing else differs.
def get_connection() :
    connection = mysql.connector.connect(
        host = os.environ.get('MYSQL_HOST', '127.0.0.1'),
        port = int(os.environ.get('MYSQL_PORT', '3306')),
        database = os.environ.get('MYSQL_DATABASE', 'recipe_db'),
        user = os.environ.get('MYSQL_USER', 'recipe_user'),
        password = os.environ.get('MYSQL_PASSWORD', ''),
    )
    return connection
